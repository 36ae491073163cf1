"""The progress log and the six-monthly self-review in the middle of the demo year, made by
the real services: for `renluyen.core.demo` (and the mid-year demo of the support app).

    load(program, users) -> None

- activities held with attendance (`renluyen.activities.demo.held`);
- for every member of CD-1 (and CD-2) with a confirmed form, one to three progress
  entries on their criteria, some with a small generated photo or a link; the secretary
  `bithu` commented on some (looked at), the rest wait on her to-do list;
- when the program's self-review window is open today: about half of CD-1 have sent
  their self-review (one stuck, with difficulties and a reply from a member), a few
  have saved a draft.
Each part is made once; running it again (e.g. after the program's dates moved so the
self-review window is open) adds only what is missing.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from renluyen.activities.demo import held
from renluyen.programs.models import Enrollment
from renluyen.progress import services
from renluyen.progress.models import Entry, Mark, SelfReview
from renluyen.registrations.transitions import CONFIRMED_STATES

ENTRIES = [
    "Dự buổi sinh hoạt chi đoàn, ghi chép đầy đủ và phát biểu một ý kiến.",
    "Đọc hai bài báo về chủ đề của tiêu chí, chia sẻ trong nhóm lớp.",
    "Hoàn thành chương đầu của khóa học trực tuyến, có ảnh chụp màn hình chứng nhận.",
    "Tham gia buổi tình nguyện cuối tuần cùng các bạn trong chi đoàn.",
    "Chạy bộ ba buổi trong tuần, ghi lại quãng đường trên ứng dụng.",
    "Giúp một bạn cùng lớp ôn tập trước kỳ thi giữa kỳ.",
]
COMMENTS = [
    "Chi đoàn ghi nhận, em tiếp tục phát huy nhé.",
    "Tốt. Lần sau em đính kèm thêm ảnh minh chứng.",
    "Cảm ơn em, việc này rất thiết thực.",
]
DIFFICULTIES = [
    "Lịch học kín nên em chưa sắp xếp được thời gian tham gia hoạt động tình nguyện.",
    "Em chưa tìm được lớp tiếng Anh phù hợp với lịch học và học phí.",
]
REPLIES = [
    "Mình biết một lớp tiếng Anh buổi tối của trường, học phí thấp, mình gửi bạn thông tin nhé.",
]


def photo(seed: int) -> SimpleUploadedFile:
    """A small picture made here (a stage, a banner, people), as a phone photo would be."""
    rng = random.Random(seed)
    image = Image.new("RGB", (480, 320), (rng.randrange(150, 230), 220, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 30, 440, 90), fill=(200, 30, 40))  # the banner
    draw.text((60, 50), "CHI DOAN CD-1", fill=(255, 230, 0))
    draw.rectangle((0, 250, 480, 320), fill=(90, 60, 40))  # the stage
    for i in range(8):
        x = 30 + i * 55
        draw.ellipse((x, 150, x + 30, 180), fill=(60, 40, 30))  # heads
        draw.rectangle((x - 5, 180, x + 35, 250), fill=(rng.randrange(256), 80, 160))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"IMG_{2000 + seed}.jpg", out.getvalue(), content_type="image/jpeg")


def _confirmed(program, codes):
    return [
        e
        for e in Enrollment.objects.filter(program=program, branch__code__in=codes)
        .select_related("member__user", "branch", "program", "registration")
        .order_by("branch__code", "member__code")
        if getattr(e, "registration", None) and e.registration.state in CONFIRMED_STATES
    ]


def load(program, users: dict | None = None) -> None:
    """See the module docstring."""
    if users is None:
        names = ["bithu", "uyvien", "doanvien"]
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    held(program, users)
    rng = random.Random(2028)
    enrollments = _confirmed(program, ["CD-1", "CD-2"])
    if services.log_problem(enrollments[0]) if enrollments else True:
        return
    _entries(enrollments, users, rng)
    if services.review_window_problem(enrollments[0]) is None:
        _reviews([e for e in enrollments if e.branch.code == "CD-1"], users, rng)


def _entries(enrollments, users, rng) -> None:
    if Entry.objects.filter(enrollment__in=enrollments).exists():
        return
    secretary, clerk = users.get("bithu"), users.get("uyvien")
    today = timezone.localdate()
    made = []
    for n, enrollment in enumerate(enrollments):
        author = enrollment.member.user or clerk
        items = list(services.confirmed_items(enrollment))
        for k, item in enumerate(rng.sample(items, min(len(items), rng.choice([1, 2, 3])))):
            made.append(
                services.entry_add(
                    enrollment=enrollment,
                    user=author,
                    item_id=item.pk,
                    done_on=today - timezone.timedelta(days=rng.randrange(1, 40)),
                    text=rng.choice(ENTRIES),
                    link="https://doan.ueb.edu.vn/tin-tuc" if (n + k) % 4 == 3 else "",
                    upload=photo(n * 10 + k) if (n + k) % 3 == 0 else None,
                )
            )
    for entry in made[::3]:
        services.comment_add(entry=entry, user=secretary, text=rng.choice(COMMENTS))


def _reviews(enrollments, users, rng) -> None:
    if SelfReview.objects.filter(enrollment__in=enrollments).exists():
        return
    clerk = users.get("uyvien")
    sent = enrollments[: max(1, len(enrollments) // 2)]
    for n, enrollment in enumerate(sent):
        items = list(services.confirmed_items(enrollment))
        stuck = n == 0
        marks = {
            item.pk: Mark.NOT_STARTED
            if stuck and i == 0
            else rng.choice([Mark.DONE, Mark.DONE, Mark.IN_PROGRESS])
            for i, item in enumerate(items)
        }
        result = services.review_save(
            enrollment=enrollment,
            user=enrollment.member.user or clerk,
            marks=marks,
            difficulties=DIFFICULTIES[1] if stuck else (DIFFICULTIES[0] if n == 2 else ""),
            version=0,
            submit=True,
        )
        if stuck and len(enrollments) > 1:
            helper = enrollments[-1]
            services.reply_add(
                review=result.review, user=helper.member.user or clerk, text=REPLIES[0]
            )
