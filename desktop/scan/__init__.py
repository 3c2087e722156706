"""Scanning: linked sources → fetch → de-duplicate → faces → match → store, resumable and cancellable."""
