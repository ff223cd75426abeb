"""Column helpers for the metrics: string tests done in pyarrow, straight to numpy masks.

The loaders hand over pyarrow-backed string columns; comparing them with pyarrow compute
avoids building a million Python strings on the way to a boolean mask.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def text(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column as a pyarrow string array (zero-copy for pyarrow-backed columns)."""
    try:
        arr = pa.array(series.array)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array(series.astype(object).where(series.notna(), None), type=pa.string())
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.string())
    return arr


def normalised(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """Lower-cased and trimmed: how vocabularies such as Cancel By are compared."""
    return pc.utf8_lower(pc.utf8_trim_whitespace(text(series)))


def mask(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A pyarrow boolean array as a numpy mask, null meaning False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def equals(series: pd.Series, value: str, *, normalise: bool = False) -> np.ndarray:
    """``series == value`` as a numpy mask (null -> False)."""
    arr = normalised(series) if normalise else text(series)
    return mask(pc.equal(arr, value))
