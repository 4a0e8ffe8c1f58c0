"""
Dropoff features of the NYC taxi example, per dropoff zip code: the number of trips in 30-minute
windows, and whether the window ends on a weekend in New York.

GenerateAndWriteFeatures.py imports a features module by name (job parameter
`features_transform_module`) and calls its `compute_features_fn`. To add features, write another
module with a function of the same signature and add a task for it to the feature engineering job.
"""
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType

# Weekends are those of the city the taxis drive in.
LOCAL_TIME_ZONE = "America/New_York"


def filter_by_time(df, timestamp_column, start_date=None, end_date=None):
    """Keeps the rows with start_date <= timestamp < end_date; an empty or missing bound is open."""
    if start_date:
        df = df.filter(F.col(timestamp_column) >= F.lit(start_date).cast("timestamp"))
    if end_date:
        df = df.filter(F.col(timestamp_column) < F.lit(end_date).cast("timestamp"))
    return df


def is_weekend(timestamp):
    """1 if `timestamp` falls on a Saturday or Sunday in New York, else 0.

    Assumes the Spark session time zone is UTC, the Databricks default.
    """
    local_time = F.from_utc_timestamp(timestamp, LOCAL_TIME_ZONE)
    # dayofweek counts from 1 = Sunday to 7 = Saturday.
    return F.dayofweek(local_time).isin(1, 7).cast(IntegerType())


def compute_features_fn(input_df, timestamp_column, start_date=None, end_date=None):
    """
    Computes the dropoff features of the trips in `input_df` between `start_date` and `end_date`.

    Returns one row per dropoff zip code and 30-minute window, with columns `zip`,
    `timestamp_column` (the end of the window, the timestamp key of the feature table), `yyyy_mm`
    (the month of the window end), `count_trips_window_30m_dropoff_zip` and `dropoff_is_weekend`.
    """
    trips = filter_by_time(input_df, timestamp_column, start_date, end_date)
    return (
        trips.groupBy("dropoff_zip", F.window(timestamp_column, "30 minutes"))
        .agg(F.count("*").alias("count_trips"))
        .select(
            F.col("dropoff_zip").alias("zip"),
            F.col("window.end").alias(timestamp_column),
            F.date_format(F.col("window.end"), "yyyy-MM").alias("yyyy_mm"),
            F.col("count_trips").cast(IntegerType()).alias("count_trips_window_30m_dropoff_zip"),
            is_weekend(F.col("window.end")).alias("dropoff_is_weekend"),
        )
    )
