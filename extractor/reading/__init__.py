"""Reading files: each format's reader, OCR, page layout, merged bundles, the text layer's noise.
"""
