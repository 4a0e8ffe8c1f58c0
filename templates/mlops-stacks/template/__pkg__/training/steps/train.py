"""Train step of the recipe: the estimator to fit on the transformed training set."""
from sklearn.linear_model import SGDRegressor


def estimator_fn(estimator_params=None):
    """
    Returns an unfitted estimator with `fit` and `predict` methods. Named by `estimator_method` in
    recipe.yaml; the recipe passes the `estimator_params` of the train step, if any.
    """
    return SGDRegressor(random_state=42, **(estimator_params or {}))
