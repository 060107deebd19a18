"""English for every string the console shows, keyed by its Vietnamese text (see i18n.py). Proper names,
unit names, procedure names and fields are data and stay in Vietnamese."""

from __future__ import annotations

EN: dict[str, str] = {
    # frame, navigation
    "Bảng điều hành": "Console",
    "MotCua – Thành phố Hà Nội": "MotCua – Hanoi City",
    "MotCua · Bảng điều hành một cửa thành phố": "MotCua · City one-stop console",
    "Bỏ qua, tới nội dung chính": "Skip to main content",
    "Các trang": "Pages",
    "Các điểm tiếp nhận": "Reception points",
    "Báo cáo": "Reports",
    "Tin nhắn": "Messages",
    "Máy": "Desks",
    "Tài khoản": "Accounts",
    "Nhật ký": "Audit log",
    "Đăng xuất": "Log out",
    "Về trang đầu": "Back to the start page",
    "Không được phép": "Not allowed",
    "Không tìm thấy": "Not found",
    "Biểu mẫu quá lớn": "Form too large",
    "Nội dung gửi lên quá lớn hoặc quá nhiều ô; không có gì được thay đổi.":
        "What was sent is too large or has too many fields; nothing was changed.",
    "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo). Không có gì được thay đổi; hãy mở lại trang "
    "và gửi lại.": "The form is invalid or has expired (its anti-forgery token is missing). Nothing was changed; "
                   "open the page again and resend.",
    # roles, audit actions
    "Quản trị thành phố": "City administrator",
    "Lãnh đạo bộ phận một cửa": "Point supervisor",
    "Cán bộ cơ quan giải quyết": "Back-office officer",
    "Tạo quản trị đầu tiên": "Create the first administrator",
    "Đăng nhập bị từ chối": "Log-in refused",
    "Tạo tài khoản": "Create account",
    "Khóa tài khoản": "Disable account",
    "Mở khóa tài khoản": "Enable account",
    "Mở trang không được phép": "Opened a page not allowed",
    "Tạo mã đăng ký máy": "Enrollment code created",
    "Thu hồi máy": "Desk revoked",
    "Đăng nhập bị chặn theo địa chỉ": "Log-in blocked for the address",
    # log-in, first administrator
    "Đăng nhập": "Log in",
    "đăng nhập": "log in",
    "Tên đăng nhập": "User name",
    "Mật khẩu": "Password",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong user name or password.",
    "Tài khoản này đã bị khóa bởi quản trị thành phố.": "This account was disabled by the city administrator.",
    "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau {when}.":
        "The account is locked for a while after repeated wrong passwords; try again after {when}.",
    "Quá nhiều lần đăng nhập sai từ địa chỉ này; thử lại sau {minutes} phút.":
        "Too many failed log-ins from this address; try again in {minutes} minutes.",
    "Tạo tài khoản quản trị thành phố đầu tiên": "Create the first city administrator account",
    "Máy chủ này dùng PostgreSQL: tài khoản quản trị đầu tiên được tạo trên máy chủ bằng lệnh":
        "This server uses PostgreSQL: the first administrator account is created on the server with",
    "(mật khẩu nhập từ bàn phím), rồi": "(the password is typed at the keyboard), then",
    "Chưa có tài khoản nào. Trang này chỉ mở cho tới khi tài khoản đầu tiên được tạo.":
        "There is no account yet. This page is open only until the first account is created.",
    "Họ và tên": "Full name",
    "Mật khẩu (ít nhất 10 ký tự)": "Password (at least 10 characters)",
    "Nhập lại mật khẩu": "Repeat the password",
    "Tạo và đăng nhập": "Create and log in",
    "Trên PostgreSQL, tài khoản quản trị đầu tiên được tạo bằng lệnh city-server console-account create.":
        "On PostgreSQL the first administrator account is created with city-server console-account create.",
    # dashboard
    "{shown} / {total} điểm": "{shown} / {total} points",
    "Chưa có danh mục đơn vị nào được công bố: chạy": "No unit list has been published yet: run",
    "{n} điểm mất kết nối (không đồng bộ quá {h} giờ):": "Out of touch (no sync for over {h} hours): {n} —",
    "và {n} điểm khác": "and {n} more",
    "Loại đơn vị": "Kind of unit",
    "Tất cả": "All",
    "Phường": "Ward",
    "Xã": "Commune",
    "Không đồng bộ quá (giờ)": "No sync for over (hours)",
    "Tìm tên hoặc mã": "Find a name or code",
    "Lọc": "Filter",
    "Bỏ lọc": "Clear filters",
    "Mã": "Code",
    "Điểm tiếp nhận": "Reception point",
    "Đồng bộ gần nhất": "Last sync",
    "Chờ gửi ở máy": "Waiting on desks",
    "Nhận hôm nay": "Received today",
    "Nhận trong tháng": "Received this month",
    "Đúng hạn trong tháng": "On time this month",
    "Quá hạn": "Overdue",
    "Đến hạn hôm nay": "Due today",
    "Xung đột": "Conflicts",
    "Sự kiện chờ xem xét": "Events awaiting review",
    "Mỗi dòng một điểm tiếp nhận; bấm tiêu đề cột để sắp xếp.": "One row per reception point; click a column "
                                                                "title to sort.",
    "Chưa có máy": "No desk yet",
    "Chưa đồng bộ lần nào": "Never synced",
    "Mất kết nối": "Out of touch",
    "Không có điểm nào khớp bộ lọc.": "No point matches the filters.",
    "Giờ Hà Nội. «Mất kết nối»: có máy đã đăng ký nhưng không đồng bộ quá {h} giờ. «Chờ gửi ở máy»: số bước xử lý "
    "các máy của điểm báo còn chưa gửi lên ở lần đồng bộ gần nhất. Số liệu tiếp nhận theo ngày tiếp nhận ghi trên "
    "máy của điểm. «Đúng hạn trong tháng»: số giải quyết đúng hạn và trước hạn trên số đã giải quyết trong tháng "
    "(cách tính như trang Báo cáo).":
        "Hanoi time. “Out of touch”: the point has enrolled desks but none synced for over {h} hours. “Waiting on "
        "desks”: steps the point's desks said at their last sync were still to send. Receptions count by the "
        "reception date recorded at the point's desk. “On time this month”: resolved early or on time among all "
        "resolved this month (computed as on the Reports page).",
    "Loại đơn vị chỉ là «phường» hoặc «xã»; đã bỏ qua bộ lọc này.":
        "The kind of unit is “phuong” or “xa” only; this filter was ignored.",
    "«{value}» không phải số giờ hợp lệ (1–8784); đã bỏ qua bộ lọc này.":
        "“{value}” is not a valid number of hours (1–8784); this filter was ignored.",
    "Bảng theo dõi các điểm dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.":
        "The points' dashboard is for city administrators and point supervisors.",
    "chưa lần nào": "never",
    "vừa xong": "just now",
    "{n} phút trước": "{n} min ago",
    "{n} giờ trước": "{n} h ago",
    "{d} ngày {h} giờ trước": "{d} days {h} h ago",
    # point page
    "Tài khoản của bạn chỉ được xem điểm tiếp nhận của mình.": "Your account may see its own reception point only.",
    "Không có điểm tiếp nhận mã «{code}» trong danh mục đã công bố.":
        "There is no reception point coded “{code}” in the published list.",
    "Mất kết nối: các máy của điểm không đồng bộ quá {h} giờ (lần cuối: {when}).":
        "Out of touch: the point's desks have not synced for over {h} hours (last: {when}).",
    "Hồ sơ có xung đột": "Dossiers with conflicts",
    "Tổng số hồ sơ": "Dossiers in all",
    "Tiếp nhận, giải quyết và quá hạn theo tháng": "Received, resolved and overdue by month",
    "Số liệu của biểu đồ": "The chart's figures",
    "Tháng": "Month",
    "Tiếp nhận mới": "Newly received",
    "Đã giải quyết": "Resolved",
    "Quá hạn cuối tháng": "Overdue at month end",
    "12 tháng gần nhất": "The last 12 months",
    "Mỗi nhóm cột là một tháng: hồ sơ mới tiếp nhận, đã giải quyết và đang quá hạn cuối tháng (tháng này: tính đến "
    "bây giờ).": "Each group of columns is a month: dossiers newly received, resolved, and overdue at the month's "
                 "end (this month: as of now).",
    "Báo cáo tháng, quý, năm của điểm": "The point's monthly, quarterly and yearly report",
    "Máy tại điểm": "Desks at the point",
    "Tạo mã đăng ký hoặc thu hồi máy của điểm": "Create an enrollment code or revoke a desk of the point",
    "Tên máy": "Desk name",
    "Đăng ký lúc": "Enrolled",
    "Lệch đồng hồ": "Clock offset",
    "Trạng thái": "State",
    "chưa đăng ký": "not enrolled",
    "{n} giây": "{n} s",
    "Đã thu hồi": "Revoked",
    "Đang dùng": "In use",
    "Chờ nhập mã": "Awaiting its code",
    "Chưa có máy nào.": "No desk yet.",
    "Hồ sơ": "Dossiers",
    "trang {n} / {total}": "page {n} / {total}",
    "Mã hồ sơ": "Dossier code",
    "Tiếp nhận": "Received",
    "Hẹn trả": "Due",
    "Tình trạng": "Status",
    "Chưa có hồ sơ nào được đồng bộ.": "No dossier has been synced yet.",
    "Trang hồ sơ": "Dossier pages",
    "Trang trước": "Previous page",
    "Trang sau": "Next page",
    # reports
    "Tình hình, kết quả giải quyết thủ tục hành chính": "Administrative procedures: dossiers handled and results",
    "Kỳ báo cáo": "Period",
    "Quý": "Quarter",
    "Năm": "Year",
    "Tất cả các điểm": "All points",
    "Xem": "Show",
    "Tải về XLSX": "Download XLSX",
    "Cách tính các số liệu": "How each figure is counted",
    "Kỳ chưa kết thúc: số hồ sơ đang giải quyết tính đến bây giờ ({at}).":
        "The period has not ended: dossiers in progress are counted as of now ({at}).",
    "Số hồ sơ đang giải quyết tính đến hết ngày {day}.": "Dossiers in progress are counted at the end of {day}.",
    "Giờ Hà Nội; ngày tiếp nhận và ngày giải quyết theo máy của điểm.":
        "Hanoi time; reception and resolution dates as recorded at the point's desks.",
    "Tổng số nhận giải quyết": "Total to handle",
    "Kỳ trước chuyển qua": "Carried over",
    "Mới tiếp nhận": "New",
    "Đúng hạn, trước hạn": "On time or early",
    "Giải quyết trước hạn": "Resolved early",
    "Giải quyết đúng hạn": "Resolved on time",
    "Giải quyết quá hạn": "Resolved late",
    "Từ chối": "Refused",
    "Rút, dừng giải quyết": "Withdrawn",
    "Đang giải quyết trong hạn": "In progress, within time",
    "Đang giải quyết quá hạn": "In progress, overdue",
    "Tỷ lệ đúng hạn": "On-time rate",
    "Lĩnh vực": "Field",
    "Thủ tục": "Procedure",
    "Theo điểm tiếp nhận": "By reception point",
    "Theo lĩnh vực": "By field",
    "Theo thủ tục": "By procedure",
    "Theo điểm": "By point",
    "Không có hồ sơ nào trong kỳ.": "No dossier in the period.",
    "Tổng cộng": "Total",
    "Đang trong hạn": "In progress",
    "Đang quá hạn": "Overdue (open)",
    "Từ chối, rút": "Refused, withdrawn",
    "Hồ sơ theo lĩnh vực: đã giải quyết, đang giải quyết": "Dossiers by field: resolved and in progress",
    "Mỗi thanh là một lĩnh vực; số liệu đầy đủ ở bảng theo lĩnh vực bên dưới.":
        "Each bar is a field; the full figures are in the table by field below.",
    "15 điểm có nhiều hồ sơ quá hạn nhất": "The 15 points with the most late or overdue dossiers",
    "Mỗi thanh là một điểm tiếp nhận; số liệu đầy đủ ở bảng theo điểm bên dưới.":
        "Each bar is a reception point; the full figures are in the table by point below.",
    "Theo tháng trong kỳ": "Month by month in the period",
    "Mỗi nhóm cột là một tháng: hồ sơ mới tiếp nhận, đã giải quyết và đang quá hạn cuối tháng.":
        "Each group of columns is a month: dossiers newly received, resolved, and overdue at the month's end.",
    "Số hồ sơ đang giải quyết tính đến": "Dossiers in progress counted as of",
    "Báo cáo dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.":
        "Reports are for city administrators and point supervisors.",
    "Kỳ báo cáo «{value}» không hợp lệ: chọn tháng (2026-11), quý (2026-Q4) hoặc năm (2026).":
        "The period “{value}” is not valid: choose a month (2026-11), a quarter (2026-Q4) or a year (2026).",
    "Tháng {month} không có; tháng là 01–12.": "There is no month {month}; months are 01–12.",
    "Đang hiện tháng trước.": "Showing last month.",
    "Theo mẫu Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP). Tổng số nhận "
    "giải quyết = kỳ trước chuyển qua + mới tiếp nhận = đã giải quyết + từ chối + rút, dừng + đang giải quyết. Chi "
    "tiết: docs/reports.md.":
        "As in the form on dossiers handled and results (Form 06/VPCP/KSTT, Circular 01/2020/TT-VPCP). Total to "
        "handle = carried over + new = resolved + refused + withdrawn + in progress. Details: docs/reports.md.",
    "Tiếp nhận trước ngày đầu kỳ, đến đầu kỳ chưa có kết quả, chưa bị từ chối, chưa rút.":
        "Received before the period began and, at its start, not resolved, refused or withdrawn.",
    "Tiếp nhận trong kỳ (theo ngày tiếp nhận trên giấy tiếp nhận).":
        "Received in the period (by the reception date on the receipt).",
    "Kỳ trước chuyển qua cộng mới tiếp nhận.": "Carried over plus new.",
    "Có kết quả trong kỳ, vào một ngày trước ngày hẹn trả, chưa từng hẹn lại.":
        "Result ready in the period, on a day before the due date, never delayed.",
    "Có kết quả trong kỳ, trong ngày hẹn trả và không muộn hơn giờ hẹn, chưa từng hẹn lại.":
        "Result ready in the period, on the due date and not after the due time, never delayed.",
    "Có kết quả trong kỳ sau thời điểm hẹn trả, hoặc đã phải xin lỗi và hẹn lại (dù có kết quả trước ngày hẹn mới).":
        "Result ready in the period after the due time, or after an apology and a new date (even if before it).",
    "Bị từ chối trong kỳ (phiếu từ chối).": "Refused in the period (refusal form).",
    "Dừng giải quyết trong kỳ theo đề nghị của người nộp (rút hồ sơ).":
        "Stopped in the period at the applicant's request (withdrawn).",
    "Cuối kỳ (hoặc bây giờ, nếu kỳ chưa hết) chưa có kết quả và chưa quá thời điểm hẹn trả; kể cả hồ sơ đang chờ bổ "
    "sung (thời hạn tạm dừng).":
        "At the period's end (or now, if it has not ended) without a result and not past the due time; includes "
        "dossiers awaiting a supplement (their clock is paused).",
    "Cuối kỳ (hoặc bây giờ) chưa có kết quả và đã quá thời điểm hẹn trả (ngày hẹn mới nếu đã hẹn lại).":
        "At the period's end (or now) without a result and past the due time (the new date if delayed).",
    "(Trước hạn + đúng hạn) chia cho số đã giải quyết trong kỳ.": "(Early + on time) divided by all resolved in the "
                                                                   "period.",
    # devices
    "Máy tiếp nhận": "Reception desks",
    "{n} máy": "{n} desks",
    "của điểm {code}": "of point {code}",
    "Mã đăng ký cho máy mới của điểm {code}:": "Enrollment code for a new desk of point {code}:",
    "Mã chỉ hiện": "The code is shown",
    "một lần": "once",
    ", dùng được một lần, hết hạn sau 7 ngày. Nhập mã vào": ", works once and expires after 7 days. Type it in",
    "Tệp → Cài đặt → Máy chủ thành phố": "File → Settings → City server",
    "trên máy tiếp nhận. Mã thiết bị (để thu hồi): {id}": "on the desk. Device id (to revoke it): {id}",
    "Tạo mã đăng ký cho một máy": "Create an enrollment code for a desk",
    "Văn phòng thành phố": "City office",
    "Tên máy (ví dụ «Bàn 1»)": "Desk name (e.g. “Bàn 1”)",
    "Tạo mã đăng ký": "Create the code",
    "Chỉ xem điểm (mã)": "Only the point (code)",
    "Điểm": "Point",
    "Chờ gửi": "Waiting",
    "Phiên bản": "Version",
    "Thao tác": "Actions",
    "chưa nhập mã": "code not used yet",
    "Đã thu hồi {when}": "Revoked {when}",
    "Thu hồi máy {name} của điểm {code}": "Revoke desk {name} of point {code}",
    "Thu hồi": "Revoke",
    "Chỉ quản trị thành phố được mở trang này.": "Only a city administrator may open this page.",
    # accounts
    "Tài khoản bảng điều hành": "Console accounts",
    "Vai trò": "Role",
    "Điểm / cơ quan": "Point / authority",
    "Đã khóa": "Disabled",
    "Tạm khóa tới {when}": "Locked until {when}",
    "Khóa": "Disable",
    "Mở khóa": "Enable",
    "tài khoản {name}": "account {name}",
    "Điểm tiếp nhận (cho lãnh đạo bộ phận một cửa)": "Reception point (for a point supervisor)",
    "Mã cơ quan (cho cán bộ cơ quan giải quyết)": "Authority code (for a back-office officer)",
    # audit
    "Nhật ký bảng điều hành": "Console audit log",
    "Nhật ký đã bị can thiệp:": "The log has been tampered with:",
    "Chuỗi băm nguyên vẹn: {n} mục, không mục nào bị sửa hay xóa.":
        "Hash chain intact: {n} entries, none altered or deleted.",
    "Lúc": "When",
    "Người": "Who",
    "Việc": "Action",
    "Đối tượng": "Target",
    "Chi tiết": "Details",
    "Từ địa chỉ": "From address",
    # messages
    "Tin nhắn cho người dân": "Messages to applicants",
    "{n} ngày gần nhất": "last {n} days",
    "Tin gửi cho người nộp đã đồng ý khi tiếp nhận: cần bổ sung, hẹn lại, có kết quả, bị từ chối, đã trả.":
        "Messages to applicants who agreed at intake: supplement needed, new date, result ready, refused, returned.",
    "Cổng gửi:": "Gateway:",
    "chưa cấu hình (không gửi)": "not configured (nothing sent)",
    "tệp thử nghiệm": "trial file",
    "SMS qua HTTP": "SMS over HTTP",
    "Zalo ZNS": "Zalo ZNS",
    "Khoảng thời gian": "Time span",
    "Hôm nay": "Today",
    "{n} ngày": "{n} days",
    "Ngày": "Day",
    "Đã gửi": "Sent",
    "Thất bại": "Failed",
    "Tin SMS (phần)": "SMS (segments)",
    "Tin Zalo": "Zalo messages",
    "Chi phí ước tính": "Estimated cost",
    "Chưa có tin nhắn nào trong khoảng này.": "No message in this span.",
    "Cộng": "Total",
    "Chưa đặt đơn giá (CITY_NOTIFY_SMS_COST_VND, CITY_NOTIFY_ZALO_COST_VND): chi phí hiện là 0.":
        "No unit price set (CITY_NOTIFY_SMS_COST_VND, CITY_NOTIFY_ZALO_COST_VND): costs show as 0.",
    "Tin thất bại gần đây": "Recent failed messages",
    "Lúc xếp hàng": "Queued",
    "Bước": "Step",
    "Kênh": "Channel",
    "Số lần thử": "Attempts",
    "Nhà mạng trả lời": "Provider's answer",
    "cần bổ sung": "supplement needed",
    "hẹn lại": "new date",
    "có kết quả": "result ready",
    "từ chối": "refused",
    "đã trả": "returned",
    "Không có tin thất bại.": "No failed message.",
    "Trang này dành cho quản trị thành phố và lãnh đạo điểm tiếp nhận.":
        "This page is for city administrators and point supervisors.",
}
