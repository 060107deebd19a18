"""Reading a request body safely: a size cap on the wire, gzip with a cap on the inflated size
(a decompression bomb stops at the cap) and whole (a stream cut before its trailer, whose checksum was
never verified, is refused), and a clear 4xx for each way it can go wrong."""

from __future__ import annotations

import zlib

from fastapi import Request
from starlette.requests import ClientDisconnect

from sync import wire
from sync.protocol import MAX_BODY_BYTES, MAX_WIRE_BYTES
from sync.server.errors import ApiError


async def read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > MAX_WIRE_BYTES:
        raise _too_large()
    raw = bytearray()
    try:
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_WIRE_BYTES:
                raise _too_large()
    except ClientDisconnect:  # the link dropped mid-request: nothing was read, nothing is stored
        raise ApiError(400, "client_disconnected", "Kết nối bị ngắt khi đang gửi.", "Client disconnected.") from None
    encoding = request.headers.get("content-encoding", "identity").lower()
    if encoding == "gzip":
        return _gunzip(bytes(raw))
    if encoding == "zstd" and media_type(request) == wire.MEDIA_TYPE:
        request.state.zstd_dict = wire.frame_dict_id(bytes(raw)) if raw else 0
        return _unzstd(bytes(raw))
    if encoding != "identity":
        raise ApiError(415, "unsupported_encoding", f"Không hỗ trợ nén «{encoding}».",
                       f"Unsupported Content-Encoding {encoding!r}; use gzip.")
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    return bytes(raw)


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_BODY_BYTES + 1)
    except zlib.error as exc:
        raise ApiError(400, "bad_gzip", "Dữ liệu nén bị hỏng.", f"Corrupt gzip body: {exc}") from exc
    if len(out) > MAX_BODY_BYTES or inflater.unconsumed_tail:
        raise ApiError(413, "inflated_too_large", "Dữ liệu sau khi giải nén quá lớn.",
                       f"The body inflates beyond {MAX_BODY_BYTES} bytes.")
    if not inflater.eof:  # zlib checks the CRC and length only when it reaches the trailer
        raise ApiError(400, "truncated_gzip", "Dữ liệu nén bị cắt cụt (thiếu phần cuối); hãy gửi lại.",
                       "The gzip body ends before its trailer.")
    if inflater.unused_data:
        raise ApiError(400, "bad_gzip", "Dữ liệu nén có phần thừa sau khi kết thúc.",
                       "Data follows the end of the gzip stream.")
    return out


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _unzstd(data: bytes) -> bytes:
    """The compact exchange's zstd frame (sync/wire.py): whole, checksummed, within the inflated cap."""
    try:
        return wire.decompress(data, MAX_BODY_BYTES)
    except wire.UnknownDictionary as exc:
        known = ", ".join(str(i) for i in sorted(wire.dictionaries()))
        raise ApiError(415, "unknown_dictionary", "Máy chủ không có từ điển nén mà máy gửi dùng; máy sẽ gửi lại "
                       "dạng thường.", f"{exc}; this server has {known or 'none'}.") from None
    except OverflowError:
        raise ApiError(413, "inflated_too_large", "Dữ liệu sau khi giải nén quá lớn.",
                       f"The body inflates beyond {MAX_BODY_BYTES} bytes.") from None
    except wire.WireError as exc:
        raise ApiError(400, "bad_zstd", "Dữ liệu nén bị hỏng hoặc bị cắt cụt; hãy gửi lại.",
                       f"Corrupt zstd body: {exc}") from None


def _too_large() -> ApiError:
    return ApiError(413, "body_too_large", "Gói dữ liệu quá lớn; hãy gửi thành nhiều đợt nhỏ hơn.",
                    f"The body exceeds {MAX_WIRE_BYTES} bytes; send smaller batches.")
