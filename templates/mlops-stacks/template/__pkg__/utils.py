"""Helpers shared by the notebooks and modules of this project."""

# Each bundle target promotes models to one stage of the workspace model registry: dev and staging
# models are served from Staging, while prod (and test, which mirrors prod in the staging
# workspace) serve from Production.
_STAGE_FOR_ENV = {
    "dev": "Staging",
    "staging": "Staging",
    "prod": "Production",
    "test": "Production",
}


def get_deployed_model_stage_for_env(env):
    """
    Returns the model registry stage that holds the deployed model for a bundle target.

    :param env: the bundle target name: "dev", "staging", "prod" or "test"
    :return: "Staging" or "Production"
    :raises ValueError: for an unknown environment
    """
    try:
        return _STAGE_FOR_ENV[env]
    except KeyError:
        known = ", ".join(sorted(_STAGE_FOR_ENV))
        raise ValueError(f"Unknown environment {env!r}; expected one of: {known}") from None
