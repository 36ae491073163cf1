"""The 2020–2021 program of Đoàn trường Đại học Kinh tế - ĐHQGHN, as printed in the seed.

Texts are the seed's word for word (section III), with these evident typing errors
corrected (also listed in docs/catalog-2020-2021.md):
  (runs of spaces, including the no-break spaces of the web page, read as one space)
  1.6  "đạo đức lối song"                   -> "đạo đức lối sống"
  3.1  "Nếu cao tinh thần"                  -> "Nêu cao tinh thần"
  5.1  "Tham dự đẩy đủ"                     -> "Tham dự đầy đủ"
  5.3  "hợp pháp; chính đáng"               -> "hợp pháp, chính đáng"
  5.3  "các bộ Đoàn"                        -> "cán bộ Đoàn"
  III.3 lecturers: "đơn giải hóa thủ tục"   -> "đơn giản hóa thủ tục"
  area 3 description ends in "," -> "."
  V.2  report deadline "01/6/2020" -> 01/06/2021 (the program year ends in 2021)
"""

from datetime import date

SCHOOL_YEAR = "2020-2021"
NAME = "Chương trình rèn luyện đoàn viên năm học 2020 - 2021"
# Where the base Union signs its documents (the University of Economics, VNU Hanoi).
PLACE = "Hà Nội"

# Deadlines are the seed's "before" dates: a step must be done before that day.
DEADLINES = {
    "registration_deadline": date(2020, 10, 18),  # II.2: "trước ngày 18/10/2020"
    # IV.1 Step 3: self-review every 6 months; the mid-year window is our setting.
    "self_review_start": date(2021, 3, 1),
    "self_review_end": date(2021, 3, 31),
    "evaluation_start": date(2021, 5, 1),
    "evaluation_deadline": date(2021, 5, 30),  # II.2: "trước ngày 30/5/2021"
    "report_deadline": date(2021, 6, 1),  # V.2: "trước ngày 01/6"
}

AREAS = [
    {
        "number": 1,
        "title": "Lý tưởng cách mạng, nhận thức chính trị",
        "description": (
            "Đoàn viên rèn luyện, học tập để nắm vững lý luận, xây dựng nhận thức chính trị "
            "đúng đắn, bồi đắp lý tưởng và đạo đức cách mạng, có bản lĩnh chính trị vững vàng, "
            "giàu lòng yêu nước."
        ),
        "criteria": [
            (
                "1.1",
                "Học tập nghị quyết của Đảng, Nghị quyết của cấp ủy, địa phương, đơn vị; Nghị "
                "quyết Đại hội Đoàn TNCS Hồ Chí Minh lần thứ XI và Nghị quyết đại hội đoàn các "
                "cấp; các Chỉ thị của Ban Bí thư Trung ương Đoàn; các kết luận của Ban Chấp hành, "
                "Ban Thường vụ Trung ương Đoàn.",
            ),
            (
                "1.2",
                "Học tập và làm theo tư tưởng đạo đức, phong cách Hồ Chí Minh theo hướng dẫn số "
                "87-HD/TWĐTN-BTG ngày 28/3/2017 của Ban Bí thư Trung ương Đoàn về việc thực hiện "
                "Chỉ thị số 05 ngày 15/5/2016 của Bộ Chính trị khóa XII (cụ thể hóa qua những "
                "nhiệm vụ, công việc, hành động… trong cuộc sống hàng ngày của đoàn viên).",
            ),
            (
                "1.3",
                "Học tập các bài lý luận chính trị của Đoàn TNCS Hồ Chí Minh (theo hướng dẫn của "
                "Ban Bí thư Trung ương Đoàn).",
            ),
            (
                "1.4",
                "Thường xuyên nắm bắt thông tin thời sự, chính trị, xã hội của địa phương, đất "
                "nước khu vực và quốc tế trên các phương tiện thông tin đại chúng chính thống.",
            ),
            (
                "1.5",
                "Đấu tranh với những luận điểm xuyên tạc, âm mưu “diễn biến hòa bình” nhằm phá "
                "hoại sự nghiệp của Đảng, của dân tộc, không bị tác động bởi những thông tin tiêu "
                "cực trên mạng internet…",
            ),
            (
                "1.6",
                "Tham gia đóng góp ý kiến xây dựng Đảng, góp ý với đảng viên phòng chống tham "
                "nhũng lãng phí, chống suy thoái về đạo đức lối sống “tự diễn biến”, “tự chuyển "
                "hóa” trong nội bộ theo tinh thần Nghị quyết TW4 khóa XII của Đảng.",
            ),
        ],
    },
    {
        "number": 2,
        "title": "Đạo đức, lối sống, tác phong đoàn viên",
        "description": (
            "Xây dựng người đoàn viên có những phẩm chất tốt đẹp, trong sáng, gương mẫu về đạo "
            "đức, lối sống; có trách nhiệm với bản thân, gia đình, bạn bè, đồng nghiệp, tổ chức, "
            "quê hương và đất nước."
        ),
        "criteria": [
            (
                "2.1",
                "Sống giản dị, lành mạnh, chân thành, biết lắng nghe, chia sẻ, cộng đồng trách "
                "nhiệm, không mắc tệ nạn xã hội. Có kỹ năng thực hành xã hội cần thiết (Kỹ năng "
                "làm việc nhóm, kỹ năng quản lý, điều hành, kỹ năng giải quyết mâu thuẫn, kỹ năng "
                "ra quyết định, kỹ năng tìm kiếm, xử lý thông tin, kỹ năng trình bày…).",
            ),
            (
                "2.2",
                "Yêu thương, quý trọng con người, sống có văn hóa, nghĩa tình, trung thực, trách "
                "nhiệm, nhân ái; có tinh thần dũng cảm bảo vệ cái đúng, tiến bộ, đấu tranh với "
                "cái sai, lạc hậu, cản trở sự phát triển.",
            ),
            (
                "2.3",
                "Nói đi đôi với làm, nói thật, làm thật; trung thực, tận tụy phục vụ nhân dân, "
                "tôn trọng nhân dân, liên hệ chặt chẽ với nhân dân.",
            ),
            ("2.4", "Đoàn kết, thẳng thắn, nghiêm túc trong phê bình và tự phê bình."),
            (
                "2.5",
                "Nghiêm chỉnh chấp hành pháp luật, vận động gia đình, bạn bè, cùng tham gia thực "
                "hiện.",
            ),
        ],
    },
    {
        "number": 3,
        "title": "Chuyên môn nghiệp vụ",
        "description": (
            "Đoàn viên không ngừng học tập, rèn luyện nâng cao kiến thức, vững vàng về chuyên "
            "môn, nghiệp vụ, giỏi kỹ năng nghề nghiệp; sáng tạo trong lao động, lập thân, khởi "
            "nghiệp, xung kích, tình nguyện xây dựng và bảo vệ quê hương, đất nước."
        ),
        "criteria": [
            (
                "3.1",
                "Nêu cao tinh thần trách nhiệm, tận tụy với công việc, sẵn sàng đảm nhận và hoàn "
                "thành tốt các nhiệm vụ được giao.",
            ),
            (
                "3.2",
                "Có ý tưởng, sáng kiến, giải pháp hữu ích trong công việc để nâng cao hiệu quả, "
                "hiệu suất lao động; ứng dụng khoa học công nghệ vào công việc, lao động, sản "
                "xuất.",
            ),
            (
                "3.3",
                "Đăng ký học tập nâng cao trình độ chuyên môn, nghiệp vụ, kỹ năng nghề nghiệp "
                "(khuyến khích các hình thức tự học tập, trang bị kiến thức theo nhu cầu bản "
                "thân).",
            ),
            ("3.4", "Phát huy chuyên môn trong các hoạt động tình nguyện."),
            ("3.5", "Học tập, nâng cao trình độ ngoại ngữ, tin học."),
        ],
        # III.3 "*": targets for one member type each.
        "targets": [
            (
                "3.GV",
                "lecturer",
                "Tích cực thực hiện phong trào “Vững chuyên môn - Giỏi nghiệp vụ - Chuẩn tác "
                "phong”; nghiêm túc, cầu thị, tận tâm với công việc; thường xuyên rèn luyện nâng "
                "cao trình độ chuyên môn, tiên phong trong chuẩn hóa các văn bản, đơn giản hóa "
                "thủ tục, tham gia cải cách hành chính, sáng tạo đề xuất ý tưởng, sáng kiến, giải "
                "pháp hữu ích trong công tác…; xây dựng văn hóa, văn minh công sở…",
            ),
            (
                "3.SV",
                "student",
                "Tích cực học tập, trung thực trong thi cử; có nhiều ý tưởng, sáng kiến; tham gia "
                "nghiên cứu khoa học, thi tay nghề, tham gia sinh hoạt trong các câu lạc bộ học "
                "thuật. Đoàn viên là sinh viên nắm vững tiêu chí, phấn đấu đạt danh hiệu “Sinh "
                "viên 5 tốt”.",
            ),
            (
                "3.HS",
                "pupil",
                "Đoàn viên là học sinh THPT nắm vững tiêu chí và phấn đấu đạt danh hiệu “Học sinh "
                "3 tốt”.",
            ),
        ],
    },
    {
        "number": 4,
        "title": "Sức khỏe",
        "description": (
            "Đoàn viên rèn luyện để tăng cường sức khỏe, nâng cao thể chất, tầm vóc tạo sự phát "
            "triển hài hòa cả về thể lực và trí lực."
        ),
        "criteria": [
            (
                "4.1",
                "Tham gia chơi ít nhất một môn thể thao, có chế độ rèn luyện thường xuyên.",
            ),
            (
                "4.2",
                "Tích cực tham gia các phong trào thể dục thể thao quần chúng tại địa phương, "
                "đơn vị.",
            ),
            (
                "4.3",
                "Không sử dụng ma túy và các chất gây nghiện. Hạn chế uống bia, rượu và không hút "
                "thuốc lá (đối với đoàn viên dưới 18 tuổi không uống bia, rượu, hút thuốc lá).",
            ),
        ],
    },
    {
        "number": 5,
        "title": "Ý thức xây dựng tổ chức Đoàn",
        "description": (
            "Đoàn viên rèn luyện để trở thành đoàn viên xuất sắc, góp phần xây dựng tổ chức đoàn "
            "vững mạnh."
        ),
        "criteria": [
            (
                "5.1",
                "Tham dự đầy đủ, tích cực đóng góp ý kiến tại các buổi sinh hoạt chi đoàn, đóng "
                "đoàn phí đầy đủ.",
            ),
            (
                "5.2",
                "Chấp hành sự phân công của Ban Chấp hành Chi đoàn; tham gia các hoạt động do "
                "Đoàn tổ chức, các hoạt động tình nguyện, các cuộc vận động do Trung ương Đoàn và "
                "đoàn cấp trên phát động.",
            ),
            (
                "5.3",
                "Phát ngôn đúng quan điểm, chủ trương của Đảng, của Đoàn; xây dựng kỹ năng nắm "
                "bắt thông tin dư luận xã hội; khả năng phản biện xã hội nhằm bảo vệ quyền và lợi "
                "ích hợp pháp, chính đáng của tổ chức Đoàn, cán bộ Đoàn và đoàn viên, thanh thiếu "
                "nhi, nhất là trên không gian mạng internet.",
            ),
        ],
    },
]
