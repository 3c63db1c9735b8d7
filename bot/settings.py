"""Typed settings from the environment or ``.env``."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_URL = "https://api.telegram.org/file/bot"
DEFAULT_ZALO_API_URL = "https://bot-api.zaloplatforms.com/bot"  # the token and "/<method>" follow


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_API_URL
    telegram_file_url: str = DEFAULT_FILE_URL
    # "lean": the Bot API's small requests over bot/channels/telegram/transport.py (uploads, downloads
    # and proxies still go through httpx); "httpx": python-telegram-bot's own transport for everything.
    telegram_http: Literal["lean", "httpx"] = "lean"
    # Zalo Bot Platform (bot/channels/zalo); the URL is a setting so tests and the sandbox can point it elsewhere.
    zalo_bot_token: SecretStr | None = None
    zalo_api_url: str = DEFAULT_ZALO_API_URL
    zalo_webhook_secret: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///data/thidua.db"
    files_dir: Path = Path("data/files")
    admin_telegram_ids: Annotated[tuple[int, ...], NoDecode] = ()
    # Zalo user ids are text (as the Zalo Bot API gives them in an event's from.id).
    admin_zalo_ids: Annotated[tuple[str, ...], NoDecode] = ()
    timezone: str = "Asia/Ho_Chi_Minh"
    # Quiet hours: no automatic push outside these local times.
    work_day_start: time = time(7, 30)
    work_day_end: time = time(17, 0)
    dialog_ttl_hours: int = Field(default=24, ge=1)
    invite_ttl_days: int = Field(default=7, ge=1)
    invite_max_uses: int = Field(default=5, ge=1)
    # The key invite codes are hashed with; unset: generated once into INVITE_SECRET_FILE
    # (default: invite.secret beside FILES_DIR), readable by the bot's user only.
    invite_secret: SecretStr | None = None
    invite_secret_file: Path | None = None
    # The key the council's secret ballot derives its per-session keys from (services/commendation/
    # ballot.py); unset: generated once into BALLOT_SECRET_FILE (default: ballot.secret beside FILES_DIR).
    # Losing it while a ballot is open makes that ballot uncountable; closed ballots do not need it.
    ballot_secret: SecretStr | None = None
    ballot_secret_file: Path | None = None
    # The key download links (/f/…) are signed with; unset: generated once into FILE_LINK_KEY_FILE
    # (default: file_link.key beside FILES_DIR), readable by the bot's user only.
    file_link_key: SecretStr | None = None
    file_link_key_file: Path | None = None
    # Files no row or live dialog refers to are removed this long after they were last stored,
    # by a sweep every FILE_SWEEP_HOURS in the bot (and `thidua-bot files sweep`).
    orphan_file_grace_hours: float = Field(default=24, ge=1)
    file_sweep_hours: float = Field(default=6, gt=0)
    log_level: str = "INFO"
    # Telegram allows about 30 messages/s overall; 0 turns the limiter off (benchmarks only).
    rate_limit_per_second: float = Field(default=30, ge=0)
    # Notices in flight at once during a broadcast (the pace is the limiter's).
    broadcast_concurrency: int = Field(default=8, ge=1, le=64)
    broadcast_poll_seconds: float = Field(default=1.0, gt=0)
    # Updates of one chat waiting or running at once; beyond it they are dropped and the chat told once.
    chat_backlog_limit: int = Field(default=50, ge=1)
    # Used for invite deep links from the CLI; the running bot takes its real name from getMe.
    bot_username: str = "thidua_bot"

    # Reminders. The database decides what is due; the scheduler only wakes a sweep this often.
    reminders_enabled: bool = True
    reminder_sweep_seconds: float = Field(default=300, gt=0)
    reminder_time: time = time(8, 0)
    # Calendar days before the deadline's day (0 = the day itself); a round may override them.
    reminder_before_days: Annotated[tuple[int, ...], NoDecode] = (7, 3, 1, 0)
    reminder_after_first_days: int = Field(default=1, ge=1, le=60)
    reminder_after_every_working_days: int = Field(default=3, ge=1, le=20)
    # A slot missed (bot down) still goes out within this many working days; older ones are skipped.
    reminder_catch_up_working_days: int = Field(default=1, ge=0, le=10)
    # Slots older than this are not even looked at (bounds every sweep's work).
    reminder_lookback_days: int = Field(default=14, ge=1, le=90)
    reminder_max_attempts: int = Field(default=3, ge=1, le=10)
    # A claim whose send started this long ago and never finished is recorded as interrupted.
    reminder_stale_claim_minutes: int = Field(default=15, ge=1)
    office_digest_weekday: int = Field(default=0, ge=0, le=4)  # 0 = Monday
    # Named in overdue reminders ("đề nghị liên hệ đồng chí …, số điện thoại …"); optional.
    office_contact_name: str | None = None
    office_contact_phone: str | None = None

    # --- Running for real: the web server, webhook mode, logs (README "Deploying") ---
    # Set: Telegram sends updates to <PUBLIC_BASE_URL>/telegram/webhook (HTTPS, via the reverse
    # proxy) instead of the bot polling; several processes can then share the work.
    public_base_url: str | None = None
    # The bot's HTTP server (webhooks, /healthz, /readyz); it runs when PUBLIC_BASE_URL or HTTP_PORT is set.
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=0, le=65535)
    # The header Telegram sends with each update; unset: generated once into a file beside FILES_DIR.
    telegram_webhook_secret: SecretStr | None = None
    log_format: Literal["text", "json"] = "text"
    # SIGTERM: stop taking updates, finish those in flight, stop the workers; exit within this.
    shutdown_seconds: float = Field(default=10, gt=0, le=120)

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("admin_zalo_ids", mode="before")
    @classmethod
    def _split_text_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.replace(";", ",").split(",") if part.strip())
        return value

    def admin_ids(self) -> dict[str, tuple[str, ...]]:
        """The first admins by platform, ids as text (what ``services.roles.bootstrap_admins`` takes)."""
        return {"telegram": tuple(str(i) for i in self.admin_telegram_ids), "zalo": self.admin_zalo_ids}

    @field_validator("reminder_before_days", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").replace(" ", ",").split(",") if part.strip())
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("reminder_before_days")
    @classmethod
    def _days_in_range(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 0 <= day <= 60 for day in value):
            raise ValueError("reminder days before a deadline must be between 0 and 60")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def other_secrets(self) -> list[str | None]:
        """Secrets besides the token never to show in a log or a report: the invite, ballot and link keys, the
        DB password."""
        from sqlalchemy.engine import make_url

        password = make_url(self.database_url).password
        secrets = (self.invite_secret, self.ballot_secret, self.telegram_webhook_secret, self.file_link_key)
        return [*(s.get_secret_value() for s in secrets if s is not None), password]

    @property
    def web_port(self) -> int | None:
        """The web server's port, or None when it does not run (polling mode without HTTP_PORT)."""
        if self.http_port is not None:
            return self.http_port
        return 8080 if self.public_base_url else None

    @property
    def has_token(self) -> bool:
        return self.telegram_bot_token is not None and bool(self.telegram_bot_token.get_secret_value())
