"""Split step of the recipe: cleans the train, validation and test sets after the split."""
import pandas as pd

# Fares and distances outside these bounds are recording errors.
MAX_FARE_AMOUNT = 1000
MAX_TRIP_DISTANCE = 400


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    df = df.dropna()
    in_range = (
        (df["fare_amount"] > 0)
        & (df["fare_amount"] < MAX_FARE_AMOUNT)
        & (df["trip_distance"] > 0)
        & (df["trip_distance"] < MAX_TRIP_DISTANCE)
    )
    return df[in_range]


def process_splits(train_df: pd.DataFrame, validation_df: pd.DataFrame, test_df: pd.DataFrame):
    """
    Drops rows with missing values, fares outside (0, 1000) and distances outside (0, 400).

    Named by `post_split_method` in recipe.yaml. It may drop rows but must keep the columns.

    :return: The cleaned (train_df, validation_df, test_df).
    """
    return _clean(train_df), _clean(validation_df), _clean(test_df)
