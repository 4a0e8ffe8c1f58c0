from pathlib import Path

import pandas as pd
import pytest

from ...training.steps.ingest import load_file_as_dataframe

SAMPLE_PATH = Path(__file__).with_name("test_sample.csv")


def test_ingests_the_sample_csv():
    df = load_file_as_dataframe(str(SAMPLE_PATH), "csv")

    assert isinstance(df, pd.DataFrame)
    assert len(df) == 10
    assert list(df.columns) == [
        "tpep_pickup_datetime",
        "tpep_dropoff_datetime",
        "trip_distance",
        "fare_amount",
        "pickup_zip",
        "dropoff_zip",
    ]
    assert pd.api.types.is_datetime64_any_dtype(df["tpep_pickup_datetime"])
    assert pd.api.types.is_datetime64_any_dtype(df["tpep_dropoff_datetime"])


def test_round_trips_a_dataframe_written_as_csv(tmp_path):
    sample = load_file_as_dataframe(str(SAMPLE_PATH), "csv")
    path = tmp_path / "trips.csv"
    sample.to_csv(path)

    loaded = load_file_as_dataframe(str(path), "csv")

    pd.testing.assert_frame_equal(loaded, sample)


def test_rejects_other_formats():
    with pytest.raises(NotImplementedError):
        load_file_as_dataframe(str(SAMPLE_PATH), "parquet")
