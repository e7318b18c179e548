"""Reading uploaded files by their content, never by their name or the browser's content type."""

import hashlib
import re
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from socialops.actions import ActionError

MB = 1024 * 1024
# The largest file any platform takes (Facebook video, 1 GB) bounds what we store at all; each
# platform's own, smaller caps are findings on the variants (posts.rules).
MAX_IMAGE_BYTES = 30 * MB
MAX_VIDEO_BYTES = 1024 * MB
MAX_IMAGE_PIXELS = 8192 * 8192
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
VIDEO_TYPES = {"video/mp4", "video/quicktime", "video/webm"}
CAPTION_START = re.compile(r"\AWEBVTT|\A\d+\r?\n\d\d:\d\d:\d\d[,.]\d\d\d --> ")


@dataclass(frozen=True)
class Inspected:
    kind: str
    mime: str
    size: int
    width: int | None
    height: int | None
    sha256: str


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def inspect(upload: UploadedFile) -> Inspected:
    """What the file really is. Raises ActionError(field="file") for anything we won't keep."""
    head = upload.read(262)
    upload.seek(0)
    if not head:
        raise ActionError("The file is empty.", field="file")
    guess = filetype.guess(head)
    if guess and guess.mime.startswith("video/"):
        return _video(upload, guess.mime, guess.extension)
    return _image(upload)


def _image(upload: UploadedFile) -> Inspected:
    if upload.size > MAX_IMAGE_BYTES:
        raise ActionError(
            f"The image is {upload.size / MB:.0f} MB; images can be at most "
            f"{MAX_IMAGE_BYTES // MB} MB.",
            field="file",
        )
    try:
        with Image.open(upload) as image:
            image.verify()
            format_, width, height = image.format, image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ActionError(
            "This file is not an image or video we can read (JPEG, PNG, GIF or WebP images; "
            "MP4, MOV or WebM videos), whatever its name says.",
            field="file",
        ) from exc
    finally:
        upload.seek(0)
    if format_ not in IMAGE_FORMATS:
        raise ActionError(
            f"{format_} images are not taken by the platforms: use JPEG, PNG, GIF or WebP.",
            field="file",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ActionError(f"The image is {width} by {height} pixels: too large.", field="file")
    return Inspected("image", IMAGE_FORMATS[format_], upload.size, width, height, sha256_of(upload))


def _video(upload: UploadedFile, mime: str, extension: str) -> Inspected:
    if mime not in VIDEO_TYPES:
        raise ActionError(
            f"{extension.upper()} video is not taken by the platforms: use MP4, MOV or WebM.",
            field="file",
        )
    if upload.size > MAX_VIDEO_BYTES:
        raise ActionError(
            f"The video is {upload.size / MB:.0f} MB; videos can be at most 1 GB.", field="file"
        )
    return Inspected("video", mime, upload.size, None, None, sha256_of(upload))


CUE_LINE = re.compile(r"^(WEBVTT.*|\d+|[\d:.,]+ --> [\d:.,]+.*|NOTE.*)$")


def captions_text(upload: UploadedFile) -> str:
    """The spoken words of a WebVTT or SubRip file: cue numbers, timings and headers dropped."""
    raw = upload.read().decode("utf-8-sig", errors="replace")
    upload.seek(0)
    lines = (line.strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line and not CUE_LINE.match(line))


def check_captions(upload: UploadedFile) -> None:
    """Captions must be a WebVTT or SubRip file in UTF-8."""
    head = upload.read(4096)
    upload.seek(0)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActionError("Captions must be a UTF-8 text file.", field="captions") from exc
    if not CAPTION_START.match(text.lstrip("\ufeff")):
        raise ActionError(
            "Captions must be a WebVTT (.vtt) or SubRip (.srt) file.", field="captions"
        )
