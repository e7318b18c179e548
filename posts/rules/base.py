"""What every platform's rules look like. One subclass per platform, in its own module."""

import re
from dataclasses import dataclass

from policies.findings import Finding, Severity

HASHTAG = re.compile(r"(?<![\w#])#\w+")
MENTION = re.compile(r"(?<![\w@])@\w+(?:@[\w.-]+\w)?")
MB = 1024 * 1024


@dataclass(frozen=True)
class MediaInfo:
    """What the rules need to know about one attached file (read from its content at upload)."""

    kind: str  # "image" or "video"
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    alt_text: str = ""
    has_captions: bool = False
    label: str = ""  # how the author knows the file: its original name


@dataclass(frozen=True)
class Count:
    used: int
    limit: int
    unit: str

    @property
    def over(self) -> bool:
        return self.used > self.limit

    @property
    def remaining(self) -> int:
        return self.limit - self.used


class PlatformRules:
    name: str
    text_limit: int
    count_unit = "characters"
    max_images: int
    max_videos = 1
    image_types: frozenset[str] = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
    image_max_bytes: int
    video_types: frozenset[str] = frozenset({"video/mp4", "video/quicktime"})
    video_max_bytes = 0
    requires_media = False
    # Whether one post may carry images and a video together.
    mixes_images_and_video = False
    max_hashtags: int | None = None
    max_mentions: int | None = None
    alt_text_limit: int | None = None

    def count(self, text: str) -> Count:
        return Count(len(text), self.text_limit, self.count_unit)

    def check(self, text: str, media: list[MediaInfo]) -> list[Finding]:
        """Every way the text and media break this platform's rules, each with a reason."""
        findings = self.check_text(text)
        findings += self.check_media(media)
        return findings

    def check_text(self, text: str) -> list[Finding]:
        found = []
        count = self.count(text)
        if not text.strip():
            found.append(self._whole("text.empty", f"{self.name} needs some text."))
        if count.over:
            found.append(
                Finding(
                    start=self.cut_off_at(text),
                    end=len(text),
                    label="text.length",
                    severity=Severity.BLOCK,
                    reason=f"{count.used:,} of {count.limit:,} {count.unit}: "
                    f"{-count.remaining:,} over {self.name}'s limit.",
                )
            )
        for pattern, limit, what in (
            (HASHTAG, self.max_hashtags, "hashtags"),
            (MENTION, self.max_mentions, "@-mentions"),
        ):
            if limit is None:
                continue
            matches = list(pattern.finditer(text))
            if len(matches) > limit:
                first_extra = matches[limit]
                found.append(
                    Finding(
                        start=first_extra.start(),
                        end=matches[-1].end(),
                        label=f"text.{what.strip('@-')}",
                        severity=Severity.BLOCK,
                        reason=f"{len(matches)} {what}: {self.name} takes at most {limit}.",
                    )
                )
        return found

    def cut_off_at(self, text: str) -> int:
        """Where the text stops fitting (for highlighting the overflow)."""
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.count(text[:mid]).over:
                high = mid - 1
            else:
                low = mid
        return low

    def check_media(self, media: list[MediaInfo]) -> list[Finding]:
        found = []
        images = [m for m in media if m.kind == "image"]
        videos = [m for m in media if m.kind == "video"]
        if self.requires_media and not media:
            found.append(self._whole("media.required", f"{self.name} needs an image or a video."))
        if images and videos and not self.mixes_images_and_video:
            found.append(
                self._whole("media.mixed", f"{self.name} takes images or a video, not both.")
            )
        if len(images) > self.max_images:
            found.append(
                self._whole(
                    "media.count",
                    f"{len(images)} images: {self.name} takes at most {self.max_images}.",
                )
            )
        if len(videos) > self.max_videos:
            most = f"at most {self.max_videos}" if self.max_videos else "no video from SocialOps"
            found.append(
                self._whole("media.count", f"{len(videos)} videos: {self.name} takes {most}.")
            )
        for item in images:
            found += self.check_image(item)
        if self.max_videos:
            for item in videos:
                found += self.check_video(item)
        return found

    def check_image(self, item: MediaInfo) -> list[Finding]:
        found = []
        if item.mime not in self.image_types:
            kinds = ", ".join(sorted(t.split("/")[1].upper() for t in self.image_types))
            found.append(
                self._whole(
                    "media.type", f"{item.label}: {self.name} takes {kinds} images, not this type."
                )
            )
        limit = self.image_limit(item.mime)
        if item.size > limit:
            found.append(
                self._whole(
                    "media.size",
                    f"{item.label} is {item.size / MB:.1f} MB: {self.name} takes images up to "
                    f"{limit / MB:.0f} MB.",
                )
            )
        if not item.alt_text.strip():
            found.append(
                self._whole("media.alt_text", f"{item.label} needs alt text before submitting.")
            )
        elif self.alt_text_limit and len(item.alt_text) > self.alt_text_limit:
            found.append(
                self._whole(
                    "media.alt_text",
                    f"The alt text of {item.label} is {len(item.alt_text):,} characters: "
                    f"{self.name} takes {self.alt_text_limit:,}.",
                )
            )
        return found

    def image_limit(self, mime: str) -> int:
        return self.image_max_bytes

    def check_video(self, item: MediaInfo) -> list[Finding]:
        found = []
        if item.mime not in self.video_types:
            found.append(
                self._whole(
                    "media.type", f"{item.label}: {self.name} does not take this video type."
                )
            )
        if item.size > self.video_max_bytes:
            found.append(
                self._whole(
                    "media.size",
                    f"{item.label} is {item.size / MB:.0f} MB: {self.name} takes videos up to "
                    f"{self.video_max_bytes / MB:.0f} MB.",
                )
            )
        if not item.has_captions:
            found.append(
                self._whole("media.captions", f"{item.label} needs captions before submitting.")
            )
        return found

    @staticmethod
    def _whole(label: str, reason: str) -> Finding:
        return Finding(start=None, end=None, label=label, severity=Severity.BLOCK, reason=reason)
