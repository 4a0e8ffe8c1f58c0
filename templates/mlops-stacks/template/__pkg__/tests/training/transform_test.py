from pathlib import Path

from ...training.steps.ingest import load_file_as_dataframe
from ...training.steps.transform import transformer_fn

SAMPLE_PATH = Path(__file__).with_name("test_sample.csv")


def test_transformer_fn_returns_an_unfitted_transformer():
    transformer = transformer_fn()

    assert callable(getattr(transformer, "fit", None))
    assert callable(getattr(transformer, "transform", None))


def test_transformer_encodes_time_and_scales_numbers():
    sample = load_file_as_dataframe(str(SAMPLE_PATH), "csv").drop(columns=["fare_amount"])

    transformed = transformer_fn().fit_transform(sample)

    # 24 pickup hours and 7 days one-hot encoded, plus the scaled distance and duration.
    assert transformed.shape == (len(sample), 24 + 7 + 2)
