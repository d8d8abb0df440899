"""One module per fact kind (or per small family of kinds): its schema entry (`KIND`) beside the
builder that makes its facts (`build(ctx)`), each short enough to read next to the rules that use
it. compliance/facts/schema.py lists them; compliance/facts/build.py runs the builders in order."""
