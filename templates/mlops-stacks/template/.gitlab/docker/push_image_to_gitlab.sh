#!/usr/bin/env bash
# Builds the image the GitLab pipelines run in (.gitlab/docker/Dockerfile, with the repository root as
# build context) and pushes it to your GitLab container registry.
#
#   CI_REGISTRY_USER=<your GitLab user> .gitlab/docker/push_image_to_gitlab.sh [image]
#
# The image defaults to input_docker_image in cicd_params.json; the pipelines run in that image, so
# it must be a name you can push to, such as registry.gitlab.com/<group>/<project>/mlops:latest.
# The registry defaults to registry.gitlab.com (set CI_REGISTRY for a self-managed GitLab). The
# password (a personal or deploy token with write_registry) is read from CI_REGISTRY_PASSWORD, or
# asked for by docker login.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
image="${1:-$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["input_docker_image"])' "$root/cicd_params.json")}"
registry="${CI_REGISTRY:-registry.gitlab.com}"
# The script signs in to one registry: an image elsewhere (the default is on Docker Hub) cannot be pushed.
case "$image" in
  "$registry"/*) ;;
  *)
    echo "push_image_to_gitlab.sh: the image $image is not in the registry $registry." >&2
    echo "Name one there, such as $registry/<group>/<project>/mlops-ci:latest, and set it as input_docker_image" >&2
    echo "in cicd_params.json and in the image: lines of .gitlab/pipelines/*.yml (or pass it as the argument)." >&2
    exit 1
    ;;
esac
: "${CI_REGISTRY_USER:?set CI_REGISTRY_USER to your GitLab user name}"

if [ -n "${CI_REGISTRY_PASSWORD:-}" ]; then
  printf '%s' "$CI_REGISTRY_PASSWORD" | docker login "$registry" --username "$CI_REGISTRY_USER" --password-stdin
else
  docker login "$registry" --username "$CI_REGISTRY_USER"
fi
docker build --file "$root/.gitlab/docker/Dockerfile" --tag "$image" "$root"
docker push "$image"
