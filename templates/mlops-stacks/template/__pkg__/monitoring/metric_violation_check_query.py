"""
The query that decides whether a monitored model metric has degraded enough to retrain.

It reads the profile metrics table that Lakehouse Monitoring writes for the monitored table
(`<monitor output schema>.<table name>_profile_metrics`) and works in three steps:

1. `windows`: the table-level model metric per time window (column `:table`, no slice, rows for
   individual model versions rather than the `*` aggregate, computed on the monitored table
   itself: log type INPUT). A window that holds several model versions counts with its worst value.
2. `recent_windows`: whether each window violates the threshold (metric value above
   `metric_violation_threshold`; the metrics checked here are errors, so higher is worse), and
   how recent it is (1 = latest).
3. Over the latest `num_evaluation_windows` windows, the result `is_metric_violated` is 1 when at
   least `num_violation_windows` of them violate the threshold AND the most recent window does too
   (so a model that has already recovered is not retrained), else 0.

Every value reaches Spark as a named parameter (`spark.sql(QUERY, args=...)`); table and column
names go through the IDENTIFIER clause, so no input is pasted into SQL text.
"""

QUERY = """
WITH windows AS (
  SELECT
    window.start AS window_start,
    MAX(IDENTIFIER(:metric_to_monitor)) AS metric_value
  FROM IDENTIFIER(:profile_metrics_table)
  WHERE column_name = ':table'
    AND slice_key IS NULL
    AND model_id != '*'
    AND log_type = 'INPUT'
  GROUP BY window.start
),
recent_windows AS (
  SELECT
    metric_value > :metric_violation_threshold AS violated,
    ROW_NUMBER() OVER (ORDER BY window_start DESC) AS recency
  FROM windows
)
SELECT
  CASE
    WHEN COUNT_IF(violated) >= :num_violation_windows
      AND COALESCE(MAX(CASE WHEN recency = 1 THEN violated END), FALSE)
    THEN 1
    ELSE 0
  END AS is_metric_violated
FROM recent_windows
WHERE recency <= :num_evaluation_windows
"""


def profile_metrics_table_name(table_name_under_monitor, monitor_output_schema=""):
    """
    The profile metrics table Lakehouse Monitoring writes for a monitored table.

    :param table_name_under_monitor: `catalog.schema.table` of the monitored (inference) table
    :param monitor_output_schema: `catalog.schema` the monitor writes its metric tables to; empty
        means the schema of the monitored table
    """
    parts = table_name_under_monitor.split(".")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"Expected a table name of the form catalog.schema.table, got {table_name_under_monitor!r}")
    schema = monitor_output_schema or ".".join(parts[:2])
    schema_parts = schema.split(".")
    if len(schema_parts) != 2 or not all(schema_parts):
        raise ValueError(f"Expected a monitor output schema of the form catalog.schema, got {schema!r}")
    return f"{schema}.{parts[2]}_profile_metrics"


def query_args(
    table_name_under_monitor,
    metric_to_monitor,
    metric_violation_threshold,
    num_evaluation_windows,
    num_violation_windows,
    monitor_output_schema="",
):
    """
    The named parameters of QUERY, checked and converted from the notebook's text widgets.

    :raises ValueError: for a malformed name, a non-numeric threshold, or window counts that are
        not positive integers or ask for more violations than evaluated windows
    """
    if not metric_to_monitor:
        raise ValueError("metric_to_monitor must not be empty")
    evaluation_windows = int(num_evaluation_windows)
    violation_windows = int(num_violation_windows)
    if evaluation_windows < 1 or violation_windows < 1:
        raise ValueError("num_evaluation_windows and num_violation_windows must be at least 1")
    if violation_windows > evaluation_windows:
        raise ValueError("num_violation_windows cannot exceed num_evaluation_windows")
    return {
        "profile_metrics_table": profile_metrics_table_name(table_name_under_monitor, monitor_output_schema),
        "metric_to_monitor": metric_to_monitor,
        "metric_violation_threshold": float(metric_violation_threshold),
        "num_evaluation_windows": evaluation_windows,
        "num_violation_windows": violation_windows,
    }
