"""Make the README's screenshots with the app's own screenshot action (App.save_screenshot).

    python -m tests.tui.readme_screenshot          # writes docs/tui.svg and docs/tui-reader.svg
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from tui.app import QuotesApp

from .conftest import SIZE, settle
from .sample import ROOT, build_db, council_article, news_article

DOCS = ROOT / "docs"


async def shoot(db_path: Path) -> list[str]:
    app = QuotesApp(db_path)
    saved = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        table.cursor = next(i for i in range(len(table.ids))
                            if table.row_at(i).text.startswith("They were working under fire"))
        await settle(pilot)
        saved.append(app.save_screenshot("tui.svg", str(DOCS)))
        await pilot.press("enter", "n", "n", "n", "n")
        await settle(pilot)
        saved.append(app.save_screenshot("tui-reader.svg", str(DOCS)))
    return saved


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db_path = build_db(Path(folder) / "samples.db", articles=(news_article, council_article))
        for path in asyncio.run(shoot(db_path)):
            print(path)


if __name__ == "__main__":
    main()
