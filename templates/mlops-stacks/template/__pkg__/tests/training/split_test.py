from pathlib import Path

import pandas as pd

from ...training.steps.ingest import load_file_as_dataframe
from ...training.steps.split import process_splits

SAMPLE_PATH = Path(__file__).with_name("test_sample.csv")


def test_process_splits_keeps_valid_rows():
    sample = load_file_as_dataframe(str(SAMPLE_PATH), "csv")

    splits = process_splits(sample[:6], sample[6:8], sample[8:])

    assert len(splits) == 3
    for split in splits:
        assert isinstance(split, pd.DataFrame)
        assert not split.empty
        assert list(split.columns) == list(sample.columns)
    assert sum(len(split) for split in splits) == len(sample)


def test_process_splits_drops_invalid_rows():
    sample = load_file_as_dataframe(str(SAMPLE_PATH), "csv")
    invalid = sample[:4].copy()
    invalid.loc[invalid.index[0], "fare_amount"] = 0
    invalid.loc[invalid.index[1], "fare_amount"] = 1000
    invalid.loc[invalid.index[2], "trip_distance"] = 400
    invalid.loc[invalid.index[3], "pickup_zip"] = None

    train, validation, test = process_splits(invalid, sample[4:7], sample[7:])

    assert train.empty
    assert len(validation) == 3
    assert len(test) == 3
