"""Train the poor-move model from the built-in library and (with --write) ship it:
trainer/engine/understanding/lang/<code>.act-model.json. Run after changing built-in examples;
tests/engine/test_act_model.py says when it is needed."""

from trainer.engine.understanding.act_model import main

if __name__ == "__main__":
    raise SystemExit(main())
