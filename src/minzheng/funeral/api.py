"""The booking engine's HTTP entry for the citizen channels (``POST /api/funeral/bookings``): a channel that has
identified the citizen by real name books for them, presenting its key (``Authorization: Channel <key>``). Form
fields ``slot``, ``id_number``, ``name``, ``visitors``, ``plate``, ``phone``. Answers JSON: 201 ``{"code"}``;
409 ``{"error": "full"|"duplicate", "message"}``; 422 ``{"field", "message"}``; 403 without a valid key."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from minzheng.funeral import booking
from minzheng.funeral.errors import DuplicateBookingError, FuneralError, SlotFullError


@csrf_exempt
@require_POST
def booking_post(request: HttpRequest) -> JsonResponse:
    key = request.headers.get("Authorization", "").removeprefix("Channel ").strip()
    if booking.channel_for_key(key) is None:
        return JsonResponse({"detail": "预约渠道密钥无效"}, status=403)
    data = request.POST
    try:
        slot_id, visitors = int(data.get("slot", "0") or 0), int(data.get("visitors", "0") or 0)
    except ValueError:
        return JsonResponse({"field": "visitors", "message": "时段和人数须为整数"}, status=422)
    try:
        made = booking.booking_create(
            request=booking.BookingRequest(
                slot_id=slot_id, id_number=data.get("id_number", ""), name=data.get("name", ""), visitors=visitors,
                plate=data.get("plate", ""), phone=data.get("phone", ""),
            )
        )  # fmt: skip
    except SlotFullError as exc:
        return JsonResponse({"error": "full", "message": exc.message}, status=409)
    except DuplicateBookingError as exc:
        return JsonResponse({"error": "duplicate", "message": exc.message}, status=409)
    except FuneralError as exc:
        return JsonResponse({"field": exc.field, "message": exc.message}, status=422)
    return JsonResponse({"code": made.code, "slot": made.slot_id}, status=201)
