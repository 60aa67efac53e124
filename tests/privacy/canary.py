"""Files whose every cell (and one header) holds a canary: a token found nowhere else,
so finding it in a log, a database or a temporary file proves a cell value leaked.

The token is searched for case-insensitively (a fix lowercases emails), and the file
names are canary-free: a file's name is metadata the history keeps on purpose.
"""

from __future__ import annotations

from pathlib import Path

#: The token of the default canary files; the two-session test makes its own.
TOKEN = "CANARY7F3A9C"

CUSTOMERS_NAME = "customers.csv"
BILLING_NAME = "billing.csv"
SALESFORCE_NAME = "salesforce.csv"


def customers(token: str = TOKEN, extra_rows: int = 0) -> bytes:
    """A customer file for the demo organization in which every cell carries the
    token, shaped so that every part of the engine sees it: safe fixes (spaces, an
    account manager's case), errors (a date, a number, a boolean, a select option, an
    unknown workflow), a formula-like note, a duplicate ID, an unknown column.
    `extra_rows` more lines make the file as large as a test needs."""
    headers = ["Customer name", "Customer ID", "VAT number", "Town", "Account manager",
               "Workflow", "Segment", "Tags", "Contract end", "Credit limit",
               "Direct debit", "Collector notes", f"Extra {token}H"]
    rows = [
        [f" {token} Holdings ", f"{token}-1", f"FR{token}", f"{token}ville",
         f"{token}.Camille@Northwind.example", f"{token} flow", f"{token} segment",
         f"{token}tag, VIP", f"31/12/{token}", f"1 234,{token}", f"{token}yes",
         f'=HYPERLINK("http://{token}.example","pay")', f"{token}x"],
        [f"{token} Group", f" {token}-2", f"BE{token}", f"{token}burg",
         f"{token}@northwind.example", f"Standard {token}", f"SMB{token}", f"{token}",
         f"{token}-01-01", f"{token}", f"{token}", f"+{token}", f"{token}y"],
        [f"{token} Group", f"{token}-2", f"DE{token}", f"{token}stadt",
         f"{token}@x", f"{token}", f"{token}", f"{token};{token}", f"{token}",
         f"-{token}", f"no{token}", f"@{token}", f"{token}z"],
    ]
    rows += [[f"{token} {n}", f"{token}-{n}", f"FR{token}{n}", f"{token}", f"{token}@x",
              "Standard", "SMB", "VIP", "2026-01-01", "12.5", "true", f"{token} note {n}",
              f"{token}"] for n in range(3, 3 + extra_rows)]
    return "".join(";".join(cells) + "\r\n" for cells in [headers, *rows]).encode("utf-8")


def billing(token: str = TOKEN) -> bytes:
    """A billing export whose identifiers and names carry the token."""
    lines = ["Customer ID;Customer name;NetSuite Id",
             f"C1;{token} Holdings;{token}001", f"C2;{token} Group;{token}002 ",
             f"C3;{token} SA;00{token}3", f"C4;{token} AG;", f"C5;{token} BV;{token}005",
             f"C6;{token} BV;{token}005"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def salesforce(token: str = TOKEN) -> bytes:
    """A Salesforce export matching `billing` only in part."""
    lines = ["Account Id;Account Name;NetSuite Id",
             f"A1;{token} Holdings;{token}001", f"A2;{token} Group;{token}002",
             f"A3;{token} SA;{token}3", f"A4;{token} Inc;{token}999"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_files(folder: Path, token: str = TOKEN) -> dict[str, Path]:
    """The three canary files written under `folder` (the tests' input files)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in ((CUSTOMERS_NAME, customers(token)), (BILLING_NAME, billing(token)),
                       (SALESFORCE_NAME, salesforce(token))):
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def leaks(text: str | bytes, token: str = TOKEN) -> bool:
    """Whether the token shows in the text, in any case."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return token.lower() in text.lower()


def leaking_files(folder: Path, token: str = TOKEN) -> list[Path]:
    """Every file under `folder` (hidden ones too) whose bytes hold the token."""
    return [path for path in sorted(folder.rglob("*"))
            if path.is_file() and leaks(path.read_bytes(), token)]
