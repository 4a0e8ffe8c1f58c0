"""The validation settings in validation/validation.py, checked without MLflow."""
import sys
from types import ModuleType, SimpleNamespace

import pytest

try:
    from ...validation import validation
except ImportError:  # the project folder name is not a Python identifier: see pytest.ini
    from validation import validation


@pytest.fixture
def fake_mlflow_models(monkeypatch):
    """Stands in for `mlflow.models`, recording what validation.py builds with it."""
    module = ModuleType("mlflow.models")
    module.make_metric = lambda **kwargs: SimpleNamespace(kind="metric", **kwargs)
    module.MetricThreshold = lambda **kwargs: SimpleNamespace(kind="threshold", **kwargs)
    monkeypatch.setitem(sys.modules, "mlflow.models", module)
    return module


def test_custom_metric_sums_squared_error_plus_one():
    # (2 - 1 + 1)^2 + (3 - 5 + 1)^2 + (0 - 0 + 1)^2 = 4 + 1 + 1
    assert validation.squared_diff_plus_one([2, 3, 0], [1, 5, 0], {}) == 6.0


def test_custom_metric_of_perfect_predictions_counts_rows():
    assert validation.squared_diff_plus_one([1.5, 2.5], [1.5, 2.5]) == 2.0


def test_custom_metric_is_registered_as_lower_is_better(fake_mlflow_models):
    (metric,) = validation.custom_metrics()
    assert metric.name == "squared_diff_plus_one"
    assert metric.greater_is_better is False
    assert metric.eval_fn is validation.squared_diff_plus_one


def test_thresholds_cap_the_error_metrics():
    assert validation.THRESHOLDS == {
        "max_error": {"threshold": 500, "greater_is_better": False},
        "mean_squared_error": {"threshold": 500, "greater_is_better": False},
    }


def test_thresholds_become_mlflow_metric_thresholds(fake_mlflow_models):
    thresholds = validation.validation_thresholds()
    assert sorted(thresholds) == ["max_error", "mean_squared_error"]
    for threshold in thresholds.values():
        assert threshold.kind == "threshold"
        assert threshold.threshold == 500
        assert threshold.greater_is_better is False


@pytest.mark.parametrize("error, passes", [(499, True), (500, True), (501, False)])
def test_a_lower_is_better_threshold_accepts_values_up_to_it(error, passes):
    settings = validation.THRESHOLDS["max_error"]
    assert settings["greater_is_better"] is False
    assert (error <= settings["threshold"]) is passes


def test_evaluator_config_is_empty():
    assert validation.evaluator_config() == {}
