"""The retraining trigger query of monitoring/metric_violation_check_query.py, without Spark."""
import re

import pytest

try:
    from ...monitoring.metric_violation_check_query import QUERY, profile_metrics_table_name, query_args
except ImportError:  # the project folder name is not a Python identifier: see pytest.ini
    from monitoring.metric_violation_check_query import QUERY, profile_metrics_table_name, query_args


def default_args(**overrides):
    args = dict(
        table_name_under_monitor="dev.my_schema.predictions",
        metric_to_monitor="root_mean_squared_error",
        metric_violation_threshold="100",
        num_evaluation_windows="5",
        num_violation_windows="2",
    )
    args.update(overrides)
    return query_args(**args)


def test_every_parameter_marker_has_a_value_and_every_value_is_used():
    markers = set(re.findall(r"(?<![\w':]):([a-z_]+)", QUERY))
    assert markers == set(default_args())


def test_no_value_is_formatted_into_the_sql_text():
    assert "{" not in QUERY and "%s" not in QUERY


def test_widget_text_is_converted():
    assert default_args() == {
        "profile_metrics_table": "dev.my_schema.predictions_profile_metrics",
        "metric_to_monitor": "root_mean_squared_error",
        "metric_violation_threshold": 100.0,
        "num_evaluation_windows": 5,
        "num_violation_windows": 2,
    }


def test_profile_metrics_live_in_the_monitor_output_schema():
    assert (
        profile_metrics_table_name("prod.serving.predictions", "prod.monitoring")
        == "prod.monitoring.predictions_profile_metrics"
    )


def test_profile_metrics_default_to_the_monitored_table_schema():
    assert profile_metrics_table_name("prod.serving.predictions") == "prod.serving.predictions_profile_metrics"


@pytest.mark.parametrize("table", ["predictions", "serving.predictions", "a..b", "a.b.c.d"])
def test_table_name_must_have_three_parts(table):
    with pytest.raises(ValueError):
        profile_metrics_table_name(table)


@pytest.mark.parametrize(
    "overrides",
    [
        {"num_evaluation_windows": "0"},
        {"num_violation_windows": "6"},
        {"num_evaluation_windows": "five"},
        {"metric_violation_threshold": "high"},
        {"metric_to_monitor": ""},
        {"monitor_output_schema": "just_a_schema"},
    ],
)
def test_bad_widget_values_are_rejected(overrides):
    with pytest.raises(ValueError):
        default_args(**overrides)
