"""Regenerate the XLSX test exports: `python tests/data/make_xlsx.py` (needs openpyxl).

orders.xlsx: sheet OrderSKUList after a cover sheet, real date cells, an Excel serial
number, a description row. orders_stale_dimension.xlsx: the same data with the sheet's
<dimension> claiming A1:A1, which makes streaming readers see a single column.
"""

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = ["Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type", "SKU ID",
          "Seller SKU", "Quantity", "Order Amount", "Created Time", "Paid Time",
          "Delivered Time", "Buyer Username"]
DESCRIPTION = ["Platform unique order ID.", "Current order status.", "Substatus.", "Type.",
               "SKU ID.", "Seller SKU.", "Quantity.", "Amount.", "Created.", "Paid.",
               "Delivered.", "Buyer."]
ROWS = [
    ["576461413938923452\t", "Completed", "Completed", "", "1729384756102938475\t",
     "SERUM-30ML", 1, 19.99, datetime(2026, 11, 2, 9, 30, 33), datetime(2026, 11, 2, 9, 31, 2),
     datetime(2026, 11, 6, 13, 5, 0), "buyer_anna"],
    ["576461413938923453\t", "Shipped", "In transit", "", "1729384756102938476\t",
     "MOP-PAD-2PK", 2, 25, 46347.5, "11/20/2026 9:00:00 AM", None, "buyer_ben"],
]


def build(path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Read me"
    wb.active["A1"] = "Exported from Seller Center"
    ws = wb.create_sheet("OrderSKUList")
    ws.append(HEADER)
    ws.append(DESCRIPTION)
    for row in ROWS:
        ws.append(row)
    wb.save(path)


def stale_dimension(src: Path, dst: Path) -> None:
    tmp = dst.with_suffix(".tmp")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:A1"', data)
            zout.writestr(item, data)
    shutil.move(tmp, dst)


if __name__ == "__main__":
    build(HERE / "orders.xlsx")
    stale_dimension(HERE / "orders.xlsx", HERE / "orders_stale_dimension.xlsx")
