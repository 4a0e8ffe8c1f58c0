"""
Transform step of the recipe: the feature transformations, fitted on the training set and
shipped with the model, so scoring applies them too.
"""
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler


def calculate_features(df: pd.DataFrame) -> pd.DataFrame:
    """Adds the pickup day of week and hour and the trip duration in minutes; drops the raw timestamps."""
    pickup = pd.to_datetime(df["tpep_pickup_datetime"])
    dropoff = pd.to_datetime(df["tpep_dropoff_datetime"])
    return df.assign(
        pickup_dow=pickup.dt.dayofweek,
        pickup_hour=pickup.dt.hour,
        trip_duration=(dropoff - pickup).dt.total_seconds() / 60,
    ).drop(columns=["tpep_pickup_datetime", "tpep_dropoff_datetime"])


def transformer_fn():
    """
    Returns an unfitted transformer with `fit` and `transform` methods (here a scikit-learn
    Pipeline). Named by `transformer_method` in recipe.yaml.
    """
    return Pipeline(
        steps=[
            ("calculate_time_and_duration_features", FunctionTransformer(calculate_features)),
            (
                "encoder",
                ColumnTransformer(
                    transformers=[
                        (
                            "hour_encoder",
                            OneHotEncoder(categories=[list(range(24))], handle_unknown="ignore"),
                            ["pickup_hour"],
                        ),
                        (
                            "day_encoder",
                            OneHotEncoder(categories=[list(range(7))], handle_unknown="ignore"),
                            ["pickup_dow"],
                        ),
                        ("std_scaler", StandardScaler(), ["trip_distance", "trip_duration"]),
                    ],
                    # Dense output, whatever the scikit-learn version's one-hot default.
                    sparse_threshold=0,
                ),
            ),
        ]
    )
