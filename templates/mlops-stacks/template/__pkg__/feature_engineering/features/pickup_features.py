"""
Pickup features of the NYC taxi example, per pickup zip code: the mean fare and the number of trips
in a one-hour window that slides every 15 minutes.

GenerateAndWriteFeatures.py imports a features module by name (job parameter
`features_transform_module`) and calls its `compute_features_fn`. To add features, write another
module with a function of the same signature and add a task for it to the feature engineering job.
"""
from pyspark.sql import functions as F
from pyspark.sql.types import FloatType, IntegerType


def filter_by_time(df, timestamp_column, start_date=None, end_date=None):
    """Keeps the rows with start_date <= timestamp < end_date; an empty or missing bound is open."""
    if start_date:
        df = df.filter(F.col(timestamp_column) >= F.lit(start_date).cast("timestamp"))
    if end_date:
        df = df.filter(F.col(timestamp_column) < F.lit(end_date).cast("timestamp"))
    return df


def compute_features_fn(input_df, timestamp_column, start_date=None, end_date=None):
    """
    Computes the pickup features of the trips in `input_df` between `start_date` and `end_date`.

    Returns one row per pickup zip code and window, with columns `zip`, `timestamp_column` (the end
    of the window, the timestamp key of the feature table), `yyyy_mm` (the month of the window end),
    `mean_fare_window_1h_pickup_zip` and `count_trips_window_1h_pickup_zip`.
    """
    trips = filter_by_time(input_df, timestamp_column, start_date, end_date)
    return (
        trips.groupBy("pickup_zip", F.window(timestamp_column, "1 hour", "15 minutes"))
        .agg(
            F.mean("fare_amount").alias("mean_fare"),
            F.count("*").alias("count_trips"),
        )
        .select(
            F.col("pickup_zip").alias("zip"),
            F.col("window.end").alias(timestamp_column),
            F.date_format(F.col("window.end"), "yyyy-MM").alias("yyyy_mm"),
            F.col("mean_fare").cast(FloatType()).alias("mean_fare_window_1h_pickup_zip"),
            F.col("count_trips").cast(IntegerType()).alias("count_trips_window_1h_pickup_zip"),
        )
    )
