from sklearn.utils.estimator_checks import check_estimator

from ...training.steps.train import estimator_fn


def test_estimator_fn_returns_an_unfitted_estimator():
    estimator = estimator_fn()

    assert callable(getattr(estimator, "fit", None))
    assert callable(getattr(estimator, "predict", None))


def test_estimator_passes_scikit_learn_checks():
    check_estimator(estimator_fn())


def test_estimator_fn_takes_parameters():
    assert estimator_fn({"alpha": 0.01}).alpha == 0.01
