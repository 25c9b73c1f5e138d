"""One table of error codes: every error class has its own code, every code its HTTP status,
and the README's table lists exactly these codes with the same statuses."""

import importlib
import pkgutil
import re
from pathlib import Path

import diarium
import extractor
import index
from extractor.errors import HTTP_STATUS, DiariumError

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _error_classes() -> list[type]:
    for package in (extractor, index, diarium):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name.endswith("__main__"):
                continue  # running it is the command line itself
            importlib.import_module(module.name)
    found, todo = [], [DiariumError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_each_error_class_defines_a_code_of_its_own_with_a_status():
    codes = {}
    for cls in _error_classes():
        if "code" in vars(cls):
            assert cls.code not in codes, f"{cls.__name__} and {codes.get(cls.code)} share {cls.code}"
            codes[cls.code] = cls.__name__
    assert set(codes) == set(HTTP_STATUS), "codes without a class or a status"


def test_the_readme_lists_every_code_with_its_status():
    rows = dict(re.findall(r"(?m)^\| (D\d{3}) \| .* \| (\d{3}) \|$", README))
    assert rows == {code: str(status) for code, status in HTTP_STATUS.items() if code != "D000"}
