"""Facts: what a document is, its sections and protocol paragraphs, dates and periods, amounts and
who pays them, organisations, parties, people, meetings, and relations to other cases.
"""
