"""
Ingest step of the recipe: loads data files that MLflow Recipes cannot read by itself.

A profile names this loader in its INGEST_CONFIG / INGEST_SCORING_CONFIG with
`loader_method: load_file_as_dataframe`, next to `using: <format>` and `location: <file or folder>`.
"""
import logging

import pandas as pd

_logger = logging.getLogger(__name__)

# Parsed as timestamps, since a CSV file stores them as text.
TIMESTAMP_COLUMNS = ("tpep_pickup_datetime", "tpep_dropoff_datetime")


def load_file_as_dataframe(file_path: str, file_format: str) -> pd.DataFrame:
    """
    Loads one data file as a pandas DataFrame.

    :param file_path: Local path of the file.
    :param file_format: The `using` value of the ingest configuration, e.g. "csv".
    :return: The file's data. The recipe converts it to parquet for the following steps.
    """
    if file_format == "csv":
        _logger.warning(
            "Loading %s with pandas, which guesses the column types of a CSV file; check the schema "
            "of the ingested data in the ingest step card.",
            file_path,
        )
        df = pd.read_csv(file_path, index_col=0)
        for column in TIMESTAMP_COLUMNS:
            if column in df.columns:
                df[column] = pd.to_datetime(df[column])
        return df
    raise NotImplementedError(f"Unsupported file format {file_format!r}: this loader reads csv only.")
