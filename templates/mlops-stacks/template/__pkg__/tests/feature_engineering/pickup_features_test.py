from datetime import datetime, timezone

import pytest

pytest.importorskip("pyspark", reason="the feature engineering tests need pyspark (and Java)")

from ...feature_engineering.features.pickup_features import compute_features_fn  # noqa: E402


@pytest.fixture
def one_trip(spark):
    pickup = datetime(2022, 1, 12, 0, 0, tzinfo=timezone.utc)
    dropoff = datetime(2022, 1, 12, 0, 10, tzinfo=timezone.utc)
    return spark.createDataFrame(
        [(pickup, dropoff, 2.0, 100.0, 94400, 94400)],
        "tpep_pickup_datetime timestamp, tpep_dropoff_datetime timestamp, trip_distance double, "
        "fare_amount double, pickup_zip int, dropoff_zip int",
    )


def test_pickup_features_fn(one_trip):
    features = compute_features_fn(
        input_df=one_trip,
        timestamp_column="tpep_pickup_datetime",
        start_date=datetime(2022, 1, 1, tzinfo=timezone.utc),
        end_date=datetime(2022, 1, 15, tzinfo=timezone.utc),
    )

    # The one-hour window slides every 15 minutes, so four windows hold a trip at 00:00.
    assert features.count() == 4
    assert features.columns == [
        "zip",
        "tpep_pickup_datetime",
        "yyyy_mm",
        "mean_fare_window_1h_pickup_zip",
        "count_trips_window_1h_pickup_zip",
    ]
    rows = features.orderBy("tpep_pickup_datetime").collect()
    assert {row.zip for row in rows} == {94400}
    assert {row.yyyy_mm for row in rows} == {"2022-01"}
    assert all(row.mean_fare_window_1h_pickup_zip == 100.0 for row in rows)
    assert all(row.count_trips_window_1h_pickup_zip == 1 for row in rows)


def test_pickup_features_fn_filters_by_date(one_trip):
    features = compute_features_fn(
        input_df=one_trip,
        timestamp_column="tpep_pickup_datetime",
        start_date="2022-01-13",
        end_date=None,
    )

    assert features.count() == 0
