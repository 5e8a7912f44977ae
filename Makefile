# make demo: set up, then dry-run withdraw-social on the bundled mock site with screenshots.
# make test: set up, then lint and run the whole test suite.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint pytest bench clean

setup:
	@./scripts/setup.sh

demo: setup
	$(BIN)/tebiki dry-run withdraw-social --account social --screenshots demo/withdraw-social

test: setup lint pytest

lint:
	$(BIN)/ruff check cli mock_site tests bench
	$(BIN)/ruff format --check cli mock_site tests bench
	$(BIN)/mypy

# A worker per core (pyproject's addopts); the ten slowest tests named at the end.
pytest:
	$(BIN)/python -m pytest --durations=10

bench: setup
	$(BIN)/python bench/run_vs_plain.py
	$(BIN)/python bench/shots_vs_plain.py
	$(BIN)/python bench/shots_vs_shot_scraper.py
	$(BIN)/python bench/connect_vs_local.py
	$(BIN)/python bench/check_workers.py
	$(BIN)/python bench/prod_run_vs_plain.py
	$(BIN)/python bench/prod_shots_vs_plain.py
	$(BIN)/python bench/dry_run_guard.py
	$(BIN)/python bench/framework_run_vs_plain.py
	$(BIN)/python bench/newcomer_minutes.py
	$(BIN)/python bench/cells_vs_plain.py

clean:
	rm -rf demo tebiki-artifacts .pytest_cache .mypy_cache .ruff_cache
