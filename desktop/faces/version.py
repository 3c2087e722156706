"""The face engine's version, kept apart so the cache can check it without loading the engine."""

# Bump when detection, encoding or loading changes what an analysis contains: cached results are redone.
ENGINE_VERSION = "hog-grey-u0u1-w800-deep4096-lm5-r6"
