"""
What model validation checks, used by the ModelValidation notebook.

The notebook looks the three functions below up by name (its `custom_metrics_loader_function`,
`validation_thresholds_loader_function` and `evaluator_config_loader_function` parameters), so you
can add variants here and switch between them in `assets/model-workflow-asset.yml`.

MLflow is imported inside the functions: the thresholds and metrics themselves are plain Python and
are unit tested without MLflow (see `tests/validation`).
"""

# TODO: adjust the thresholds to what your model must reach before it can be deployed.
# Each entry becomes an `mlflow.models.MetricThreshold`. Besides an absolute `threshold` you can
# require an improvement over the deployed (baseline) model, when baseline comparison is enabled:
#   "min_absolute_change": 1,     # candidate must beat the baseline by at least 1
#   "min_relative_change": 0.05,  # candidate must beat the baseline by at least 5 %
THRESHOLDS = {
    "max_error": {"threshold": 500, "greater_is_better": False},
    "mean_squared_error": {"threshold": 500, "greater_is_better": False},
}


def squared_diff_plus_one(predictions, targets, metrics=None):
    """
    Example custom metric: the sum of `(prediction - target + 1) ** 2` over all rows.
    Lower is better.

    :param predictions: the model's predictions (any iterable of numbers, e.g. a pandas Series)
    :param targets: the true values, in the same order
    :param metrics: the metrics MLflow computed already (unused here)
    """
    return float(sum((prediction - target + 1) ** 2 for prediction, target in zip(predictions, targets)))


def custom_metrics():
    """The custom metrics the evaluation computes next to its built-in ones (`extra_metrics`)."""
    from mlflow.models import make_metric

    return [
        make_metric(
            eval_fn=squared_diff_plus_one,
            greater_is_better=False,
            name="squared_diff_plus_one",
        )
    ]


def validation_thresholds():
    """The thresholds a candidate model must meet, by metric name (`mlflow.validate_evaluation_results`)."""
    from mlflow.models import MetricThreshold

    return {metric: MetricThreshold(**settings) for metric, settings in THRESHOLDS.items()}


def evaluator_config():
    """Extra configuration for the default evaluator (`evaluator_config`); none by default."""
    return {}
