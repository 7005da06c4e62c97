# Image builds in one place (docker buildx bake; compose uses the same tags):
#   docker buildx bake              # both production images: churn-mlops-api, churn-mlops-worker
#   docker buildx bake test         # lint, typecheck and tests in the image (fails on a failure)
#   docker buildx bake --print      # the resolved build definitions
# Both images come from the same Dockerfile (docker/Dockerfile.<app> differ only in APP), so in
# one bake the stages they share are built once. Variables come from the environment.

variable "CHURN_IMAGE_PREFIX" {
  default = "churn-mlops"
}
variable "CHURN_TAG" {
  default = "latest"
}
# OCI labels of the production images (the release workflow sets them from git).
variable "BUILD_DATE" {
  default = "unknown"
}
variable "VCS_REF" {
  default = "unknown"
}
variable "VERSION" {
  default = "0.0.0-dev"
}

group "default" {
  targets = ["api", "worker"]
}

target "_common" {
  context = "."
  args = {
    BUILD_DATE = BUILD_DATE
    VCS_REF    = VCS_REF
    VERSION    = VERSION
  }
}

# Tags live in these two targets so that the release workflow's docker/metadata-action bake
# files, which define targets of the same names, replace them with registry tags and labels.
target "api-meta" {
  tags = ["${CHURN_IMAGE_PREFIX}-api:${CHURN_TAG}"]
}
target "worker-meta" {
  tags = ["${CHURN_IMAGE_PREFIX}-worker:${CHURN_TAG}"]
}

target "api" {
  inherits   = ["_common", "api-meta"]
  dockerfile = "docker/Dockerfile.api"
  target     = "production"
}

target "worker" {
  inherits   = ["_common", "worker-meta"]
  dockerfile = "docker/Dockerfile.worker"
  target     = "production"
}

# The test target is the same for both apps; its result is the build's success, not an image.
target "test" {
  inherits   = ["_common"]
  dockerfile = "docker/Dockerfile.api"
  target     = "test"
  output     = ["type=cacheonly"]
}
