"""Label sets: the words the mock site shows along the withdrawal paths.

The same page can carry different words depending on when it was described: the article
says ログイン情報を更新する where the newer official FAQ (10080) says パスワードを更新する.
The sets are data (fixtures/labels.yaml), so one account renders the article's words and
another the FAQ's, and a test can rename any label to see a flow fail as it would on the site.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class LabelSet:
    """Every visible word a flow may aim at, so a drift set can change any of them."""

    name: str
    mypage: str = "マイページ"
    find_jobs: str = "仕事を探す"
    profile_edit: str = "プロフィール編集"
    rewards: str = "報酬"
    logout: str = "ログアウト"
    worker_section: str = "ワーカー情報"
    common_section: str = "共通情報"
    client_section: str = "クライアント情報"
    basic_info: str = "基本情報編集"
    skills: str = "スキル編集"
    login_info: str = "メールアドレス・パスワード編集"
    identity: str = "本人確認"
    email: str = "メールアドレス"
    password: str = "パスワード"
    password_confirmation: str = "パスワード確認"
    password_submit: str = "ログイン情報を更新する"
    password_updated: str = "ログイン情報を更新しました"
    save: str = "保存する"
    withdrawal_link: str = "退会をご希望する方はこちら"
    withdrawal_title: str = "退会手続き"
    withdrawal_reason: str = "退会理由"
    withdrawal_confirm: str = "注意事項を確認しました"
    withdraw_button: str = "退会する"
    withdrawal_done: str = "退会が完了しました"
    contact: str = "お問い合わせ"
    consultation: str = "みんなの相談所"
    contract_list: str = "契約一覧"
    pending_tasks: str = "タスク承認待ち"
    end_request: str = "契約途中終了リクエスト"
    quick_withdrawal: str = "クイック出金"
    low_ratings: str = "低評価をつけたメンバー"


# The article's words are the default: the flows were written from it.
ARTICLE = LabelSet(name="article")
LABEL_FIELDS = tuple(name for name in LabelSet.__dataclass_fields__ if name != "name")


def parse_label_sets(document: object, where: str) -> dict[str, LabelSet]:
    """fixtures/labels.yaml: each set changes some of the article's words; ValueError naming the
    file and the set when it is not that."""
    if not isinstance(document, dict) or not document:
        raise ValueError(f"{where}: expected a mapping of label set names to their words")
    sets: dict[str, LabelSet] = {ARTICLE.name: ARTICLE}  # the words flows are written in
    for name, words in document.items():
        words = words or {}
        if not isinstance(words, dict):
            raise ValueError(f"{where}: {name}: expected a mapping of words")
        unknown = sorted(set(map(str, words)) - set(LABEL_FIELDS))
        if unknown:
            raise ValueError(
                f"{where}: {name}.{unknown[0]}: not a label the mock site shows "
                f"(known: {', '.join(LABEL_FIELDS)})"
            )
        bad = [key for key, value in words.items() if not isinstance(value, str) or not value]
        if bad:
            raise ValueError(f"{where}: {name}.{bad[0]}: must be non-empty text")
        sets[str(name)] = replace(ARTICLE, name=str(name), **{str(k): v for k, v in words.items()})
    return sets


def pick_label_set(sets: dict[str, LabelSet], name: str) -> LabelSet:
    """The named label set, or ValueError listing the known names."""
    try:
        return sets[name]
    except KeyError:
        known = ", ".join(sorted(sets))
        raise ValueError(f"unknown label set {name!r} (known: {known})") from None
