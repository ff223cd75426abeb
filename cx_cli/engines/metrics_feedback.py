"""What buyers say in public: review count, rating and depth, negative review rate,
and the share of video comments that are complaints or abuse.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_cli.engines.columns import text
from cx_cli.engines.weeks import Week, count_per_slot, local_seconds, ratios, week_keys, week_slots


def word_counts(texts: pd.Series) -> np.ndarray:
    """Whitespace-separated words per text (as ``len(str.split())``; 0 for empty)."""
    arr = text(texts)
    if isinstance(arr, pa.ChunkedArray):  # parent indices must count across the column
        arr = arr.combine_chunks()
    parts = pc.utf8_split_whitespace(arr)
    flat = pc.list_flatten(parts)
    parents = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False)
    nonempty = pc.greater(pc.utf8_length(flat), 0).to_numpy(zero_copy_only=False)
    return np.bincount(parents[nonempty], minlength=len(arr)).astype(np.int64)


def _review_slots(reviews: pd.DataFrame, weeks: Sequence[Week]) -> np.ndarray:
    created, ok = local_seconds(reviews["created_at"])
    return week_slots(week_keys(created), ok, list(weeks))


def weekly_reviews(reviews: pd.DataFrame | None, weeks: Sequence[Week],
                   detailed_words: int = 11) -> dict[str, list]:
    """Reviews created per week: count, mean rating, mean words, detailed and media share."""
    n = len(weeks)
    names = ("reviews", "avg_rating", "review_words_mean", "detailed_share", "media_share")
    if reviews is None:
        return {k: [None] * n for k in names}
    slots = _review_slots(reviews, weeks)
    mine = slots >= 0  # words are counted only for the reviews of these weeks
    reviews, slots = reviews.loc[mine], slots[mine]
    words = word_counts(reviews["review_text"])
    count = count_per_slot(slots, n)
    rating = count_per_slot(slots, n, reviews["rating"].to_numpy(dtype=float))
    word_sum = count_per_slot(slots, n, words)
    detailed = count_per_slot(np.where(words >= detailed_words, slots, -1), n)
    media = count_per_slot(np.where(reviews["has_media"].to_numpy(bool), slots, -1), n)

    def mean(total: np.ndarray) -> list:
        return ratios(total, count)

    return {"reviews": [int(c) for c in count], "avg_rating": mean(rating),
            "review_words_mean": mean(word_sum), "detailed_share": mean(detailed),
            "media_share": mean(media)}


def weekly_negative_reviews(reviews: pd.DataFrame | None, delivered_per_week: list,
                            weeks: Sequence[Week]) -> list:
    """1–2 star reviews created per week over orders delivered that week."""
    n = len(weeks)
    if reviews is None:
        return [None] * n
    slots = _review_slots(reviews, weeks)
    low = reviews["rating"].to_numpy(dtype=float) <= 2
    negative = count_per_slot(np.where(low, slots, -1), n)
    return ratios(negative, delivered_per_week)


def negative_flags(comment_labels: pd.DataFrame) -> np.ndarray:
    """Which classified comments are complaints or abuse.

    A ``negative`` column wins when present; otherwise the comments engine's own
    ``negative_comment_mask`` decides, so the scorecard and ``cx comments`` agree.
    """
    if "negative" in comment_labels.columns:
        return comment_labels["negative"].fillna(False).to_numpy(dtype=bool)
    from cx_cli.engines.comments import negative_comment_mask

    return np.asarray(negative_comment_mask(comment_labels), dtype=bool)


def weekly_negative_comments(comments: pd.DataFrame | None, weeks: Sequence[Week],
                             comment_labels: pd.DataFrame | None = None) -> list:
    """Share of the comments created each week classed as complaint or abuse.

    ``comment_labels`` is the comments classifier's output (one row per comment_id);
    without it the rate is unknown (null), not zero.
    """
    n = len(weeks)
    if comments is None or comment_labels is None:
        return [None] * n
    created, ok = local_seconds(comments["created_at"])
    slots = week_slots(week_keys(created), ok, list(weeks))
    flags = negative_flags(comment_labels)
    ids = comment_labels["comment_id"].astype("string").to_numpy(dtype=object)
    lookup = pd.Series(flags, index=ids)
    lookup = lookup[~lookup.index.duplicated(keep="last")]
    negative = (comments["comment_id"].astype("string").map(lookup)
                .fillna(False).to_numpy(dtype=bool))
    total = count_per_slot(slots, n)
    bad = count_per_slot(np.where(negative, slots, -1), n)
    return ratios(bad, total)
