from datetime import datetime, timezone

import pytest

pytest.importorskip("pyspark", reason="the feature engineering tests need pyspark (and Java)")

from ...feature_engineering.features.dropoff_features import compute_features_fn  # noqa: E402

SCHEMA = (
    "tpep_pickup_datetime timestamp, tpep_dropoff_datetime timestamp, trip_distance double, "
    "fare_amount double, pickup_zip int, dropoff_zip int"
)


def trip_dropped_off_at(spark, dropoff):
    pickup = datetime(dropoff.year, dropoff.month, dropoff.day, 0, 0, tzinfo=timezone.utc)
    return spark.createDataFrame([(pickup, dropoff, 2.0, 100.0, 94400, 94400)], SCHEMA)


def test_dropoff_features_fn(spark):
    # Monday 2022-01-10, 12:00 in New York.
    trips = trip_dropped_off_at(spark, datetime(2022, 1, 10, 17, 0, tzinfo=timezone.utc))

    features = compute_features_fn(
        input_df=trips,
        timestamp_column="tpep_dropoff_datetime",
        start_date=datetime(2022, 1, 1, tzinfo=timezone.utc),
        end_date=datetime(2022, 1, 15, tzinfo=timezone.utc),
    )

    # 30-minute windows do not overlap: one window holds the trip.
    assert features.count() == 1
    assert features.columns == [
        "zip",
        "tpep_dropoff_datetime",
        "yyyy_mm",
        "count_trips_window_30m_dropoff_zip",
        "dropoff_is_weekend",
    ]
    row = features.first()
    assert row.zip == 94400
    assert row.yyyy_mm == "2022-01"
    assert row.count_trips_window_30m_dropoff_zip == 1
    assert row.dropoff_is_weekend == 0


def test_dropoff_features_fn_flags_weekends(spark):
    # Saturday 2022-01-15, 12:00 in New York.
    trips = trip_dropped_off_at(spark, datetime(2022, 1, 15, 17, 0, tzinfo=timezone.utc))

    features = compute_features_fn(
        input_df=trips,
        timestamp_column="tpep_dropoff_datetime",
        start_date=None,
        end_date=None,
    )

    assert [row.dropoff_is_weekend for row in features.collect()] == [1]
