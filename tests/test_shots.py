"""`tebiki shots`: spotlit, numbered, captioned images a writer can publish, the tutorial page
and GIF made from them, and `check-shots` against the golden images in fixtures/golden/."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page

from tebiki.drawing.capture import MASK_COLOR, narrow_image
from tebiki.drawing.highlight import HIGHLIGHT_RGB
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.playing.options import ShotSettings
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import Player, PlayOptions, PlayResult, StepReport
from tebiki.shots.tutorial import write_html
from tebiki_mock import MockSession, MockSite
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR
from tests.tutorials import step_images

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
OpenContext = Callable[[MockSession], BrowserContext]
GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"


def test_shots_make_images_and_a_tutorial_page(tebiki: Tebiki, tmp_path: Path) -> None:
    result = tebiki("shots", "withdraw-social", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert "mock site: 0 changing requests" in result.stdout
    out = tmp_path / "out"
    images = step_images(out)
    assert [image.name[:3] for image in images] == [f"{n:02d}-" for n in range(1, 14)]
    assert all(Image.open(image).size == (1024, 768) for image in images)
    # Beside each, the crop around its target that a phone's tutorial shows: 320 x 240.
    narrow = [narrow_image(image) for image in images]
    assert all(Image.open(image).size == (320, 240) for image in narrow)

    markdown = (out / "tutorial.md").read_text(encoding="utf-8")
    assert markdown.startswith("# クラウドワークスを退会する(Google・Facebook・Yahoo!")
    assert "4. 「メールアドレス・パスワード編集」をクリック" in markdown
    assert "14. 退会が完了しました" in markdown
    linked = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", markdown)
    assert [name for _, name in linked] == [image.name for image in images]
    assert linked[9][0] == "手順10:共通情報の「基本情報編集」をクリック(「基本情報編集」を強調表示)"

    page = (out / "tutorial.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 2 * 13  # each image and its crop
    # Markdown has no media queries: each crop is a link under its image.
    closer = re.findall(r"\[この手順を拡大して見る\]\(([^)]+)\)", markdown)
    assert closer == [narrow_image(image).name for image in images]
    assert not re.search(r'(src|href)="(https?:|/|\.\.)', page)  # one self-contained file
    assert '<meta name="viewport" content="width=device-width' in page

    with Image.open(out / "walkthrough.gif") as gif:
        assert gif.n_frames == 13 and gif.width == 800
    assert not list(tmp_path.glob(".tebiki-staging-*"))


def test_english_captions_keep_the_japanese_labels(tebiki: Tebiki, tmp_path: Path) -> None:
    result = tebiki("shots", "withdraw-email", "--lang", "en", "-o", "en")
    assert result.returncode == 0, result.stderr
    markdown = (tmp_path / "en" / "tutorial.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Leave CrowdWorks (account registered with an e-mail address)")
    assert "4. Click 基本情報編集 (Edit basic information) under 共通情報" in markdown
    assert "![Step 5: Click 退会をご希望する方はこちら (bottom left)" in markdown


def test_a_failed_run_leaves_the_previous_tutorial_alone(tebiki: Tebiki, tmp_path: Path) -> None:
    assert tebiki("shots", "withdraw-email", "-o", "out").returncode == 0
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    flow = find_flow("withdraw-email").read_text(encoding="utf-8")
    renamed = flow.replace("{button: 退会する}", "{button: 退会手続きへ}")
    (tmp_path / "renamed.yaml").write_text(renamed, encoding="utf-8")
    failed = tebiki("shots", "renamed.yaml", "-o", "out", "--timeout", "1000")
    assert failed.returncode == 1
    assert failed.stderr.startswith(
        "error: step 8 (「退会する」をクリック): button 「退会手続きへ」"
    )
    after = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert after == before
    assert not list(tmp_path.glob(".tebiki-staging-*"))


def shots_of(
    context: BrowserContext,
    site: MockSite,
    session: MockSession,
    folder: Path,
    settings: ShotSettings,
) -> PlayResult:
    options = PlayOptions(
        mode="dry-run",
        base_url=site.base_url + "/",
        variables={"display_name": session.display_name},
        screenshots=folder,
        style=settings.style,
        crop=settings.crop,
        mask_text=settings.mask_text,
    )
    return Player(context.new_page(), load_flow(find_flow("withdraw-social")), options).play()


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_the_spotlight_dims_all_but_the_target_and_the_callout_covers_nothing_of_it(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    context = open_context(session)
    result = shots_of(context, mock_site, session, tmp_path, ShotSettings())
    shown = [report for report in result.reports if report.outcome != Outcome.SKIPPED]
    assert len(shown) == len(result.reports) - 2  # the phone's menu button, twice
    for report in shown:
        assert report.overlay is not None
        assert not overlap(report.overlay.callout, report.overlay.target), report.number

    # Step 6's page shows the account's e-mail address: its line is painted in the mask colour.
    address_page = result.reports[5].screenshot
    assert address_page is not None
    counts = {
        colour: count
        for count, colour in Image.open(address_page).convert("RGB").getcolors(1 << 20) or []
    }
    assert counts.get(tuple(int(MASK_COLOR[i : i + 2], 16) for i in (1, 3, 5)), 0) > 1000

    report = result.reports[11]  # 共通情報 の 基本情報編集
    assert report.overlay is not None and report.screenshot is not None
    x, y, width, height = report.overlay.target
    shot = Image.open(report.screenshot).convert("RGB")
    inside = shot.getpixel((round(x + width - 12), round(y + height / 2)))
    outside = shot.getpixel((20, 760))
    ring = shot.getpixel((round(x + 2), round(y + height / 2)))
    assert sum(inside) > 3 * 230  # the cut-out shows the page as it is (white card)
    assert sum(outside) < 3 * 140  # the rest of the page is dimmed
    assert all(abs(a - b) <= 24 for a, b in zip(ring, HIGHLIGHT_RGB, strict=True))


def test_crop_cuts_the_image_down_and_keeps_the_highlight(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    result = shots_of(open_context(session), mock_site, session, tmp_path, ShotSettings(crop=40))
    shot = result.reports[5].screenshot  # パスワード: the page shows the account's address
    assert shot is not None
    image = Image.open(shot).convert("RGB")
    assert image.size[0] < 1024 and image.size[1] < 768
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert any(
        all(abs(a - b) <= 24 for a, b in zip(colour, HIGHLIGHT_RGB, strict=True))
        for _, colour in colours
    )


@pytest.mark.parametrize(
    ("flow", "golden", "device"),
    [
        ("withdraw-email", "withdraw-email", ()),
        ("withdraw-social", "withdraw-social", ()),
        # The phone's variant: the header folded, and the flow's step that opens it shown.
        ("withdraw-social", "withdraw-social-iphone-13", ("--device", "iPhone 13")),
    ],
)
def test_the_shots_match_the_golden_images(
    tebiki: Tebiki, flow: str, golden: str, device: tuple[str, ...]
) -> None:
    result = tebiki("check-shots", flow, "--golden", str(GOLDEN / golden), *device)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"all \d+ images match", result.stdout)


def test_a_renamed_button_fails_the_check_with_a_diff_image(tebiki: Tebiki, tmp_path: Path) -> None:
    result = tebiki(
        "check-shots",
        "withdraw-social",
        "--golden",
        str(GOLDEN / "withdraw-social"),
        "--labels",
        "faq",
        "--diffs",
        "diffs",
    )
    assert result.returncode == 1
    assert re.search(r"^changed  07-submit\.png: ", result.stdout, re.M)
    assert re.search(r"^same     01-navigate\.png$", result.stdout, re.M)
    diff = tmp_path / "diffs" / "07-submit.diff.png"
    assert diff.is_file()
    red = [
        colour
        for _, colour in Image.open(diff).convert("RGB").getcolors(1 << 20) or []
        if colour[0] > 200 and colour[1] < 60 and colour[2] < 60
    ]
    assert red


def test_update_writes_golden_images_and_a_missing_golden_is_bad_input(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    missing = tebiki("check-shots", "withdraw-email", "--golden", "nowhere")
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "error: --golden nowhere: no such folder (is the name right?)"
    )
    updated = tebiki("check-shots", "withdraw-email", "--golden", "mine", "--update")
    assert updated.returncode == 0, updated.stderr
    assert len(list((tmp_path / "mine").glob("*.png"))) == 7


def test_an_output_folder_with_other_files_is_refused_and_left_alone(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "01-holiday.png").write_bytes(b"mine")
    (keep / "tutorial.md").write_text("my notes", encoding="utf-8")
    result = tebiki("shots", "withdraw-email", "-o", "keep")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: -o keep: the folder holds files tebiki did not "
        "make (01-holiday.png, tutorial.md); choose an empty or "
        "new folder"
    )
    assert (keep / "01-holiday.png").read_bytes() == b"mine"
    assert (keep / "tutorial.md").read_text(encoding="utf-8") == "my notes"


def test_a_second_run_replaces_only_what_the_first_made(tebiki: Tebiki, tmp_path: Path) -> None:
    assert tebiki("shots", "withdraw-social", "-o", "out").returncode == 0
    assert len(list((tmp_path / "out").glob("*.png"))) == 2 * 13  # each with its crop
    again = tebiki("shots", "withdraw-email", "-o", "out")
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "out").glob("*.png"))) == 2 * 7  # no stale images of the first
    assert "screenshot: out/07-destructive.png" in again.stdout


def test_a_label_renamed_to_kanji_of_the_same_density_fails_by_its_words(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    """更新する -> 変更する on the 14 px button passes the pixel comparison; the words kept
    beside each golden image (ARIA snapshots) do not, and the check names both labels."""
    fixtures = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES_DIR, fixtures)
    with (fixtures / "labels.yaml").open("a", encoding="utf-8") as labels:
        labels.write("kanji:\n  password_submit: ログイン情報を変更する\n")
    # The flow takes either word, as a flow does where a site is known to use both.
    flow = tmp_path / "withdraw-social.yaml"
    both = "also: [パスワードを更新する, ログイン情報を変更する]"
    text = find_flow("withdraw-social").read_text(encoding="utf-8")
    flow.write_text(text.replace("also: [パスワードを更新する]", both), encoding="utf-8")
    common = ("--fixtures", str(fixtures), "--account", "social")
    made = tebiki("check-shots", str(flow), "--golden", "golden", "--update", *common)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "golden" / "07-submit.aria.yml").is_file()
    result = tebiki("check-shots", str(flow), "--golden", "golden", "--labels", "kanji", *common)
    assert result.returncode == 1, result.stdout + result.stderr
    # Said by its words alone: the pixels passed (no pixel reason, no diff image).
    assert re.search(
        r"^changed  07-submit\.png: step 7: button 「ログイン情報を更新する」 is now "
        r"「ログイン情報を変更する」$",
        result.stdout,
        re.M,
    )
    assert not list(Path(tmp_path).rglob("07-submit.diff.png"))
    # The fields beside it say so too; the pages before the form did not change.
    assert "around it, button 「ログイン情報を更新する」 is gone" in result.stdout
    assert re.search(r"^same     04-navigate\.png$", result.stdout, re.M)


def test_the_tutorial_at_a_phones_width_shows_each_label_readable(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path, page: Page
) -> None:
    """tutorial.html read at 390 CSS px: each step shows the crop around its target, where
    the target's words are at least 12 CSS px tall; the whole screen is a tap away; at 1024 px
    the whole screen shows."""
    session = mock_site.open_session("social")
    context = open_context(session)
    walked = context.new_page()
    text_px: dict[int, float] = {}

    def measure(report: StepReport) -> None:
        # The size of the target's words, read on the page while the step is on it.
        if report.overlay is not None:
            x, y, width, height = report.overlay.target
            text_px[report.number] = walked.evaluate(
                "([x, y]) => parseFloat(getComputedStyle("
                "document.elementFromPoint(x - scrollX, y - scrollY)).fontSize)",
                [x + min(width / 2, 20), y + height / 2],
            )

    options = PlayOptions(
        mode="dry-run",
        base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
        screenshots=tmp_path,
        style="spotlight",
        narrow=True,
        on_step=measure,
    )
    flow = load_flow(find_flow("withdraw-social"))
    result = Player(walked, flow, options).play()
    # As the tutorial lists them: the phone's menu button, not on a wide screen, left out.
    steps = [report for report in result.reports if report.outcome != Outcome.SKIPPED]
    write_html(tmp_path / "tutorial.html", flow, steps, "ja")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((tmp_path / "tutorial.html").as_uri())
    shown = page.locator("li").evaluate_all(
        "items => items.map(li => Array.from(li.querySelectorAll('img'))"
        ".filter(i => i.getBoundingClientRect().width > 0)"
        ".map(i => [i.className, i.getBoundingClientRect().width, i.naturalWidth]))"
    )
    # Each step shows one image, its crop, and not the whole screen as well.
    assert [[kind for kind, _, _ in images] for images in shown] == [["narrow"]] * 13
    assert len(text_px) == 13
    for report, [(_, width, natural)] in zip(steps, shown, strict=True):
        number = report.number
        assert text_px[number] * width / natural >= 12, (number, text_px[number], width)
    page.locator("li label").first.click()  # 画面全体を見る
    assert page.locator("li").first.locator("img.whole").bounding_box() is not None
    page.set_viewport_size({"width": 1024, "height": 768})
    wide = page.locator("li img").evaluate_all(
        "imgs => imgs.filter(i => i.getBoundingClientRect().width > 0).map(i => i.className)"
    )
    assert wide == ["whole"] * 13
