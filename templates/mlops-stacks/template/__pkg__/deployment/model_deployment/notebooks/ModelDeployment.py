# Databricks notebook source
##################################################################################
# Model Deployment
#
# Deploys the model version trained by the Train task, using deploy.py in the parent folder.
# Runs as the last task of the model training job (assets/model-workflow-asset.yml), after
# ModelValidation.
#
# Parameters:
# * env (required) - Bundle target the model is deployed for: dev, staging, prod or test.
#
# Task value read from the Train task:
# * model_uri      - models:/<model_name>/<version> of the version to deploy
##################################################################################

# COMMAND ----------

# MAGIC %load_ext autoreload
# MAGIC %autoreload 2

# COMMAND ----------

# Work from this notebook's folder and make deploy.py (and the project's modules) importable.
import os
import sys

notebook_path = os.path.dirname(dbutils.notebook.entry_point.getDbutils().notebook().getContext().notebookPath().get())
os.chdir("/Workspace/" + notebook_path.lstrip("/"))
sys.path.append(os.path.abspath(".."))
sys.path.append(os.path.abspath("../../.."))

# COMMAND ----------

dbutils.widgets.dropdown("env", "dev", ["dev", "staging", "prod", "test"], "Environment Name")

# COMMAND ----------

from deploy import deploy

env = dbutils.widgets.get("env")
model_uri = dbutils.jobs.taskValues.get("Train", "model_uri", debugValue="")
if not model_uri:
    raise ValueError("No model_uri from the Train task: run this notebook as part of the model training job.")

dbutils.notebook.exit(deploy(model_uri, env))
