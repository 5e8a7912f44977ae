"""Label sets: the words the mock site shows along the withdrawal paths.

The same page can carry different words depending on when it was described: the article
says ログイン情報を更新する where the newer official FAQ (10080) says パスワードを更新する.
Keeping the words as data lets one account render the article's words and another the
FAQ's, so flows are tested against that drift.
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

# Official FAQ 10080 names the password button differently; everything else matches the article.
FAQ = replace(ARTICLE, name="faq", password_submit="パスワードを更新する")

LABEL_SETS: dict[str, LabelSet] = {label_set.name: label_set for label_set in (ARTICLE, FAQ)}


def get_label_set(name: str) -> LabelSet:
    """Return the named label set, or raise ValueError listing the known names."""
    try:
        return LABEL_SETS[name]
    except KeyError:
        known = ", ".join(sorted(LABEL_SETS))
        raise ValueError(f"unknown label set {name!r} (known: {known})") from None
