<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>ApplicantForm</name>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="94"/>
        <source>&amp;Họ và tên *</source>
        <translation>Full &amp;name *</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="95"/>
        <source>Số định &amp;danh cá nhân</source>
        <translation>Personal &amp;ID number</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="96"/>
        <source>Ngày &amp;sinh</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="96"/>
        <source>&amp;Giới tính</source>
        <translation>Se&amp;x</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="97"/>
        <source>Số điện thoạ&amp;i</source>
        <translation>Ph&amp;one number</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="97"/>
        <source>&amp;Email</source>
        <translation>E&amp;mail</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="98"/>
        <source>Đị&amp;a chỉ</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="121"/>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="122"/>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="132"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="132"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>AskDialog</name>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="25"/>
        <source>Hỏi đáp nghiệp vụ</source>
        <translation>Ask the handbook</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="26"/>
        <source>&amp;Câu hỏi (có dấu hay không dấu, VD: chứng thực sổ đỏ mất bao nhiêu tiền):</source>
        <translation>&amp;Question, with or without marks (e.g. chung thuc so do mat bao nhieu tien):</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="45"/>
        <source>Lên/Xuống: chọn đoạn · Enter: mở thủ tục · Esc: đóng</source>
        <translation>Up/Down: choose a passage · Enter: open the procedure · Esc: close</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="63"/>
        <source> (lập tự động)</source>
        <translation> (derived)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="65"/>
        <source>Nguồn: %1</source>
        <translation>Source: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="70"/>
        <source>%1 đoạn phù hợp nhất.</source>
        <translation>%1 best matching passages.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/ask_dialog.py" line="72"/>
        <source>Không tìm thấy đoạn sổ tay nào phù hợp. Thử gõ tên thủ tục hoặc từ khác.</source>
        <translation>No handbook passage matches. Try the procedure&apos;s name or other words.</translation>
    </message>
</context>
<context>
    <name>AuthorityChooser</name>
    <message>
        <location filename="../../desk_app/ui/intake/authority.py" line="26"/>
        <source>Hồ sơ thuộc thẩm quyền của xã, phường khác</source>
        <translation>The dossier is decided by another commune or ward</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/authority.py" line="56"/>
        <source>Cơ quan giải quyết: %1</source>
        <translation>Decided by: %1</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="31"/>
        <source>Tin nhắn cho người nộp – %1</source>
        <translation>Messages to the applicant – %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="33"/>
        <source>Không nhận tin nhắn</source>
        <translation>No messages</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="33"/>
        <source>Qua SMS</source>
        <translation>By SMS</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="33"/>
        <source>Qua Zalo</source>
        <translation>By Zalo</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="36"/>
        <source>Để trống: số của người nộp (%1)</source>
        <translation>Blank: the applicant&apos;s number (%1)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="37"/>
        <source>chưa có</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="40"/>
        <source>&amp;Kênh</source>
        <translation>&amp;Channel</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="40"/>
        <source>&amp;Số nhận tin</source>
        <translation>&amp;Number</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/consent_dialog.py" line="48"/>
        <source>Tin chỉ có mã hồ sơ, ngày hẹn và đường dẫn tra cứu; thành phố gửi khi hồ sơ cần bổ sung, hẹn lại, có kết quả, bị từ chối hoặc đã trả.</source>
        <translation>Messages hold only the dossier code, the date and the lookup link; the city sends one when papers are missing, the date moves, the result is ready, the dossier is refused or returned.</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="106"/>
        <source>Tại Bộ phận Một cửa</source>
        <translation>At the one-stop desk</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="106"/>
        <source>Qua dịch vụ bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="110"/>
        <source>Địa chỉ nhận kết quả qua bưu điện</source>
        <translation>Postal address for the result</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="117"/>
        <source>Số &amp;bộ hồ sơ</source>
        <translation>Number of se&amp;ts</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="117"/>
        <source>&amp;Lệ phí</source>
        <translation>Fe&amp;e</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="118"/>
        <source>&amp;Nhận kết quả</source>
        <translation>&amp;Result delivery</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="123"/>
        <source>Địa chỉ nhận</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="124"/>
        <source>Nhận &amp;tin nhắn</source>
        <translation>&amp;Text messages</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="127"/>
        <source>Số nhận tin</source>
        <translation>Number for messages</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="134"/>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="134"/>
        <source>Qua SMS</source>
        <translation>By SMS</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="134"/>
        <source>Qua Zalo</source>
        <translation>By Zalo</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="135"/>
        <source>Hỏi người nộp: có muốn nhận tin khi cần bổ sung, có kết quả, hẹn lại hoặc bị từ chối không. Tin chỉ có mã hồ sơ và đường dẫn tra cứu.</source>
        <translation>Ask the applicant whether they want a message when papers are missing, the result is ready, the date moves or the dossier is refused. Messages hold only the dossier code and the lookup link.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="140"/>
        <source>Để trống: số điện thoại của người nộp</source>
        <translation>Blank: the applicant&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="171"/>
        <source>Chọn thủ tục để hiện danh sách giấy tờ cần nhận.</source>
        <translation>Choose a procedure to list the documents to receive.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="175"/>
        <source>Giấy tờ (* bắt buộc)</source>
        <translation>Documents (* required)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="175"/>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="175"/>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/checklist.py" line="196"/>
        <source> (chỉ xuất trình, không giữ lại)</source>
        <translation> (shown only, not kept)</translation>
    </message>
</context>
<context>
    <name>DossierDetailDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="89"/>
        <source>Giấy tờ đã nhận</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="93"/>
        <source>Quá trình xử lý</source>
        <translation>Processing history</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="101"/>
        <source>Tin nhắn… (Alt+M)</source>
        <translation>Messages… (Alt+M)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="102"/>
        <source>Người nộp đồng ý, đổi số hoặc thôi nhận tin nhắn</source>
        <translation>The applicant agrees to messages, changes the number or stops them</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="113"/>
        <source>Phí, lệ phí… (Alt+F)</source>
        <translation>Fees… (Alt+F)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="114"/>
        <source>Thu phí, in biên lai, hoàn phí</source>
        <translation>Collect the fee, print the receipt, refund</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="148"/>
        <source>Bản quét</source>
        <translation>Scans</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="151"/>
        <source>Gỡ bản quét… (Ctrl+Delete)</source>
        <translation>Remove scan… (Ctrl+Delete)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="156"/>
        <source>Đính kèm bản quét… (Alt+Q)</source>
        <translation>Attach a scan… (Alt+Q)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="157"/>
        <source>Quét hoặc chọn tệp cho một giấy tờ của hồ sơ</source>
        <translation>Scan or choose files for one of the dossier&apos;s papers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="163"/>
        <source>Xử lý hồ sơ</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="165"/>
        <source>Hồ sơ đã kết thúc, không còn bước xử lý.</source>
        <translation>This dossier is closed; there are no further steps.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="168"/>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="170"/>
        <source>In lại giấy tiếp nhận (Ctrl+P)</source>
        <translation>Reprint receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="171"/>
        <source>In lại giấy tiếp nhận</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="172"/>
        <source>Phiếu kiểm soát (Alt+P)</source>
        <translation>Control sheet (Alt+P)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="173"/>
        <source>In phiếu kiểm soát</source>
        <translation>Print control sheet</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="179"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="179"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="205"/>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="213"/>
        <source>(Alt+F)</source>
        <translation>(Alt+F)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="225"/>
        <source>Phí: cần hoàn %1 đ…</source>
        <translation>Fee: refund %1 d…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="226"/>
        <source>Phí: miễn…</source>
        <translation>Fee: exempt…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="226"/>
        <source>Phí: đã thu %1 đ…</source>
        <translation>Fee: paid %1 d…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="229"/>
        <source>Phí: đã hoàn…</source>
        <translation>Fee: refunded…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="234"/>
        <source>Phí: %1 đ, chưa nộp…</source>
        <translation>Fee: %1 d, unpaid…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="234"/>
        <source>Phí, lệ phí…</source>
        <translation>Fees…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="250"/>
        <source>nhận bổ sung ngày %1</source>
        <translation>received with a supplement on %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="258"/>
        <source>đã quét %1 trang</source>
        <translation>scanned, %1 page(s)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="265"/>
        <source>• %1: bản chính %2, bản sao %3</source>
        <translation>• %1: originals %2, copies %3</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="273"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="275"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="276"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="299"/>
        <source>Hẹn trả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="278"/>
        <source>Cơ quan giải quyết</source>
        <translation>Handling authority</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="281"/>
        <source>%1 bước xung đột sau đồng bộ, chờ giám sát xem xét</source>
        <translation>%1 conflicting step(s) after sync, awaiting supervisor review</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="301"/>
        <source>chờ công dân nộp trước ngày %1</source>
        <translation>waiting for the citizen, due by %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="302"/>
        <source>chờ công dân nộp bổ sung</source>
        <translation>waiting for the citizen&apos;s papers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="303"/>
        <source>Bổ sung</source>
        <translation>Supplement</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="311"/>
        <source>quá hạn</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="311"/>
        <source>đến hạn hôm nay</source>
        <translation>due today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="312"/>
        <source>sắp đến hạn</source>
        <translation>due soon</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="312"/>
        <source>trong hạn</source>
        <translation>on time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="354"/>
        <source>%1 (%2 tr.)</source>
        <translation>%1 (%2 p.)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="357"/>
        <source>%1
%2 trang, %3 KB, quét lúc %4 — Enter để mở</source>
        <translation>%1
%2 page(s), %3 KB, scanned at %4 — Enter to open</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="445"/>
        <source>Đang tải bản quét từ máy chủ thành phố…</source>
        <translation>Fetching the scan from the city server…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="456"/>
        <source>Bản quét này được đính kèm ở máy khác của điểm và chưa có trên máy này; chưa tải được vì chưa kết nối được máy chủ thành phố. Thử lại khi có mạng.</source>
        <translation>This scan was attached at another desk of the point and is not on this one yet; it cannot be fetched because the city server cannot be reached. Try again when the link is back.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="523"/>
        <source>Biên lai thu phí, lệ phí – %1</source>
        <translation>Fee receipt – %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="542"/>
        <source>Không in được: %1</source>
        <translation>Could not print: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="546"/>
        <source>Giấy tiếp nhận hồ sơ</source>
        <translation>Dossier receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="547"/>
        <source>Phiếu yêu cầu bổ sung</source>
        <translation>Request for more documents</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="548"/>
        <source>Phiếu từ chối tiếp nhận</source>
        <translation>Refusal notice</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="549"/>
        <source>Phiếu xin lỗi, hẹn lại</source>
        <translation>Apology and new result date</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="550"/>
        <source>Thông báo dừng giải quyết</source>
        <translation>Notice of stopped processing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/detail.py" line="551"/>
        <source>Phiếu kiểm soát</source>
        <translation>Control sheet</translation>
    </message>
</context>
<context>
    <name>DossierListModel</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="42"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="42"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="43"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="43"/>
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="44"/>
        <source>Hẹn trả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="44"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="48"/>
        <source>QUÁ HẠN</source>
        <translation>OVERDUE</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="49"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="50"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_model.py" line="81"/>
        <source>Chờ công dân bổ sung</source>
        <translation>Waiting for papers</translation>
    </message>
</context>
<context>
    <name>DossierListPage</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="65"/>
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="65"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="66"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="66"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="67"/>
        <source>Cần xem lại</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="67"/>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="68"/>
        <source>Chưa nộp phí</source>
        <translation>Unpaid</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="78"/>
        <source>Không có hồ sơ nào</source>
        <translation>No dossiers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="111"/>
        <source>Tìm theo tên (gõ không dấu cũng được), số định danh, số điện thoại hoặc mã hồ sơ</source>
        <translation>Search by name (accents optional), personal ID, phone number or dossier code</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="113"/>
        <source>Tìm hồ sơ; ↓ để xuống danh sách</source>
        <translation>Find dossiers; ↓ moves to the list</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="114"/>
        <source>Tìm hồ sơ</source>
        <translation>Find dossiers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="118"/>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="121"/>
        <source>Lọc theo trạng thái</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="123"/>
        <source>Trạng thá&amp;i:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="249"/>
        <source>Hiện %1 hồ sơ đầu tiên; gõ thêm để thu hẹp.</source>
        <translation>Showing the first %1 dossiers; type more to narrow down.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="251"/>
        <source>%1 hồ sơ</source>
        <translation>%1 dossier(s)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/list_page.py" line="253"/>
        <source>Enter hoặc nháy đúp để mở hồ sơ.</source>
        <translation>Enter or double-click opens a dossier.</translation>
    </message>
</context>
<context>
    <name>FeePart</name>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="44"/>
        <source>ví dụ: 3 1 12 (mỗi bản chính một số)</source>
        <translation>e.g. 3 1 12 (one number per original)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="56"/>
        <source> đ</source>
        <translation> VND</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="74"/>
        <source>Số trang từng bản chính</source>
        <translation>Pages of each original</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="74"/>
        <location filename="../../desk_app/ui/intake/fee.py" line="94"/>
        <source>Số bản sao mỗi bản chính</source>
        <translation>Copies of each original</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="75"/>
        <source>Số giấy tờ chứng thực chữ ký</source>
        <translation>Papers with signatures to certify</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="75"/>
        <source>Số hợp đồng, giao dịch</source>
        <translation>Contracts, transactions</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="76"/>
        <source>Bản sao kết quả xin thêm</source>
        <translation>Extra copies of the result</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="76"/>
        <source>Miễn lệ phí</source>
        <translation>Fee exemption</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="77"/>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="94"/>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="99"/>
        <source>Không miễn</source>
        <translation>No exemption</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="192"/>
        <source>Số trang phải là số nguyên, mỗi bản chính một số.</source>
        <translation>Pages must be whole numbers, one per original.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="206"/>
        <source>Miễn: %1</source>
        <translation>Exempt: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/fee.py" line="207"/>
        <source>Tổng: %1</source>
        <translation>Total: %1</translation>
    </message>
</context>
<context>
    <name>HandbookPanel</name>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="48"/>
        <source>Sổ tay nghiệp vụ</source>
        <translation>Handbook</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="55"/>
        <source>Nội dung sổ tay</source>
        <translation>Handbook text</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="56"/>
        <source>F1 ở nơi khác: danh sách phím tắt (Ctrl+F1)</source>
        <translation>F1 elsewhere: the list of shortcuts (Ctrl+F1)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="58"/>
        <source>Đóng sổ tay</source>
        <translation>Close the handbook</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="80"/>
        <source>Sổ tay: %1</source>
        <translation>Handbook: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/handbook/panel.py" line="81"/>
        <source>Mục lập tự động từ định nghĩa thủ tục, chưa được biên soạn: đối chiếu trang Dịch vụ công.</source>
        <translation>Derived from the procedure definition, not yet written by an editor: check the public service portal.</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="26"/>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure selected.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="27"/>
        <source>Ngày sinh: «%value» không phải ngày hợp lệ dạng dd/mm/yyyy.</source>
        <translation>Date of birth: “%value” is not a valid date (dd/mm/yyyy).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="29"/>
        <source>%label: chưa nhập, bắt buộc phải có.</source>
        <translation>%label: required, please fill in.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="30"/>
        <source>%label: «%value» không phải ngày hợp lệ dạng dd/mm/yyyy.</source>
        <translation>%label: “%value” is not a valid date (dd/mm/yyyy).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="32"/>
        <source>%label: «%value» không phải số nguyên.</source>
        <translation>%label: “%value” is not a whole number.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="33"/>
        <source>Chưa đánh dấu giấy tờ nào đã nhận.</source>
        <translation>No document is ticked as received.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="34"/>
        <source>Giấy tờ đã đánh dấu cần ít nhất 1 bản chính hoặc bản sao.</source>
        <translation>A ticked document needs at least 1 original or copy.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="36"/>
        <source>Giấy tờ bắt buộc chưa được đánh dấu.</source>
        <translation>A required document is not ticked.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="37"/>
        <source>Trả kết quả qua bưu điện: cần địa chỉ nhận.</source>
        <translation>Result by post: a delivery address is required.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="38"/>
        <source>Nhận tin nhắn: cần số điện thoại (của người nộp hoặc số nhập ở đây).</source>
        <translation>Text messages: a phone number is needed (the applicant&apos;s, or one typed here).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/applicant_form.py" line="40"/>
        <source>Lệ phí: %detail.</source>
        <translation>Fee: %detail.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="82"/>
        <source>1. Thủ tục</source>
        <translation>1. Procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="86"/>
        <source>Quét mã QR trên thẻ căn cước khi con trỏ ở bất kỳ ô nào để điền tự động.</source>
        <translation>Scan the QR code on the ID card with the cursor in any field to fill in the form automatically.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="90"/>
        <source>2. Người nộp hồ sơ</source>
        <translation>2. Applicant</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="91"/>
        <source>3. Thông tin riêng của thủ tục</source>
        <translation>3. Procedure details</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="92"/>
        <source>4. Giấy tờ nhận, lệ phí, nhận kết quả</source>
        <translation>4. Documents, fee, result delivery</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="248"/>
        <source>Đã điền thông tin từ thẻ căn cước của %1</source>
        <translation>Filled in from the ID card of %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="287"/>
        <source>Đã lưu hồ sơ %1</source>
        <translation>Dossier %1 saved</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="309"/>
        <source>Đã đính kèm bản quét «%1» (%2 trang)</source>
        <translation>Scan of “%1” attached (%2 page(s))</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="319"/>
        <source>Giấy tiếp nhận hồ sơ %1</source>
        <translation>Receipt for dossier %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/page.py" line="326"/>
        <source>Đã lưu hồ sơ %1 nhưng chưa in được: %2. In lại từ danh sách hồ sơ.</source>
        <translation>Dossier %1 saved but not printed: %2. Reprint it from the dossier list.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="22"/>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="22"/>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="23"/>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="23"/>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="24"/>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="24"/>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="25"/>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="42"/>
        <source>Hẹn trả: %1</source>
        <translation>Result due: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="104"/>
        <source>Hồ sơ mới</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="105"/>
        <source>Bỏ hồ sơ đang nhập?</source>
        <translation>Discard the dossier being entered?</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="106"/>
        <source>Bỏ hồ sơ</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="107"/>
        <source>Tiếp tục nhập</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desk_app/ui/login.py" line="48"/>
        <source>MotCua Desk: đăng nhập</source>
        <translation>MotCua Desk: log in</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="53"/>
        <source>&lt;b&gt;Bộ phận một cửa %1&lt;/b&gt;&lt;br&gt;Bàn số %2</source>
        <translation>&lt;b&gt;One-stop desk, %1&lt;/b&gt;&lt;br&gt;Desk %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="63"/>
        <source>Máy chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên:</source>
        <translation>This computer has no accounts yet. Create the first administrator account:</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="64"/>
        <source>&amp;Họ và tên</source>
        <translation>Full &amp;name</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="65"/>
        <source>&amp;Tên đăng nhập</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="66"/>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="68"/>
        <source>&amp;Nhập lại mật khẩu</source>
        <translation>&amp;Repeat password</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="73"/>
        <source>Mật khẩu mớ&amp;i</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="74"/>
        <source>Nhập &amp;lại mật khẩu mới</source>
        <translation>Repeat the new pass&amp;word</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="83"/>
        <source>Tạo tài khoản</source>
        <translation>Create account</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="83"/>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/login.py" line="128"/>
        <source>Đổi mật khẩu và đăng nhập</source>
        <translation>Change password and log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="68"/>
        <source>Tiếp nhận (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="69"/>
        <source>Hồ sơ (F3)</source>
        <translation>Dossiers (F3)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="75"/>
        <source>Báo cáo (F4)</source>
        <translation>Reports (F4)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="83"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · Bàn số %2 · Cán bộ: &lt;b&gt;%3&lt;/b&gt; · Ngày %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Desk %2 · Clerk: &lt;b&gt;%3&lt;/b&gt; · Date %4</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="88"/>
        <source>%1: dữ liệu thực hành, không đồng bộ, mọi bản in đều ghi «%1»</source>
        <translation>Training (%1): practice data, never synced; every printout is marked “%1”</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="118"/>
        <source>BẢN THỰC HÀNH</source>
        <translation>TRAINING</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="137"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="138"/>
        <source>Chế độ &amp;thực hành</source>
        <translation>&amp;Training mode</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="142"/>
        <source>&amp;Cài đặt…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="144"/>
        <source>Đăng &amp;xuất</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="145"/>
        <source>T&amp;hoát</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="146"/>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="147"/>
        <source>Tiếp nhận hồ sơ &amp;mới</source>
        <translation>&amp;New dossier</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="148"/>
        <source>&amp;Lưu và in giấy tiếp nhận</source>
        <translation>&amp;Save and print receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="150"/>
        <source>&amp;Danh sách hồ sơ</source>
        <translation>Dossier &amp;list</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="151"/>
        <source>&amp;Tìm hồ sơ</source>
        <translation>&amp;Find dossier</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="153"/>
        <source>&amp;Báo cáo</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="154"/>
        <source>Đồng &amp;bộ</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="155"/>
        <source>Đồng bộ &amp;ngay</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="156"/>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="159"/>
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="244"/>
        <source>Phím tắt</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="106"/>
        <source>Sổ tay nghiệp vụ</source>
        <translation>Handbook</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="157"/>
        <source>&amp;Sổ tay thủ tục đang làm</source>
        <translation>&amp;Handbook of this procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/main_window.py" line="158"/>
        <source>&amp;Hỏi đáp nghiệp vụ</source>
        <translation>&amp;Ask the handbook</translation>
    </message>
</context>
<context>
    <name>MessagesLine</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="36"/>
        <source>Người nộp không đăng ký nhận tin nhắn.</source>
        <translation>The applicant did not ask for messages.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="38"/>
        <source>Đang hỏi máy chủ thành phố về các tin đã gửi…</source>
        <translation>Asking the city server about the messages sent…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="46"/>
        <source>Nhận tin nhắn qua %1, số %2.</source>
        <translation>Messages by %1 to %2.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="51"/>
        <source>Chưa có tin nào (hoặc bước chưa đồng bộ lên thành phố).</source>
        <translation>No message yet (or the step has not reached the city).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="53"/>
        <source>chờ gửi</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="53"/>
        <source>đang gửi</source>
        <translation>sending</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="53"/>
        <source>đã gửi</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="54"/>
        <source>gửi không được</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="55"/>
        <source>cần bổ sung</source>
        <translation>papers asked for</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="55"/>
        <source>hẹn lại</source>
        <translation>new date</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="56"/>
        <source>có kết quả</source>
        <translation>result ready</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="56"/>
        <source>từ chối</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="56"/>
        <source>đã trả</source>
        <translation>returned</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/messages.py" line="63"/>
        <source>Chưa xem được tin đã gửi: chưa kết nối được máy chủ thành phố.</source>
        <translation>Cannot see the messages sent: the city server cannot be reached.</translation>
    </message>
</context>
<context>
    <name>PaymentBox</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="67"/>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="76"/>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="76"/>
        <source>Chuyển khoản</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="76"/>
        <source>Miễn</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="77"/>
        <source>Hình thức thu</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="83"/>
        <source>Vì sao điều chỉnh biên lai</source>
        <translation>Why the receipt is corrected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="84"/>
        <source>Lý do điều chỉnh</source>
        <translation>Reason for correction</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="86"/>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="132"/>
        <source>Thu phí (Alt+F)</source>
        <translation>Collect fee (Alt+F)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="87"/>
        <source>Ghi nhận thu phí và in biên lai</source>
        <translation>Record the fee paid and print the receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="88"/>
        <source>In biên lai (Alt+L)</source>
        <translation>Print receipt (Alt+L)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="89"/>
        <source>In biên lai thu phí, lệ phí</source>
        <translation>Print the fee receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="90"/>
        <source>Hoàn phí (Alt+R)</source>
        <translation>Refund (Alt+R)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="91"/>
        <source>Hoàn trả phí, lệ phí đã thu</source>
        <translation>Refund the fee collected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="121"/>
        <source>Số tiền: %1 đồng (%2)</source>
        <translation>Amount: %1 dong (%2)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="122"/>
        <source>Danh mục không ghi mức thu cho thủ tục này.</source>
        <translation>The catalogue sets no amount for this procedure.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="127"/>
        <source>Chưa nộp phí</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="127"/>
        <source>Đã hoàn phí</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="129"/>
        <source>Đã thu: biên lai %1, %2 đồng</source>
        <translation>Paid: receipt %1, %2 dong</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="132"/>
        <source>Điều chỉnh biên lai (Alt+F)</source>
        <translation>Correct receipt (Alt+F)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="149"/>
        <source>Mã giao dịch</source>
        <translation>Transfer reference</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="149"/>
        <source>Lý do miễn</source>
        <translation>Exemption reason</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="150"/>
        <source>Số tham chiếu của ngân hàng</source>
        <translation>The bank&apos;s reference</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="151"/>
        <source>Đối tượng được miễn theo quy định</source>
        <translation>Who is exempt, as the rules say</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/payment_box.py" line="45"/>
        <source>Phí, lệ phí – %1</source>
        <translation>Fees – %1</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="56"/>
        <source>Xem trước: %1</source>
        <translation>Preview: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="63"/>
        <source>In… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="64"/>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="65"/>
        <source>Lưu PDF… (Ctrl+S)</source>
        <translation>Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="66"/>
        <location filename="../../desk_app/ui/printing/preview.py" line="274"/>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="67"/>
        <source>Thu nhỏ</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="69"/>
        <source>Phóng to</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="74"/>
        <source>Vừa chiều ngang</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="75"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="75"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="76"/>
        <source>Đang chuẩn bị bản xem trước…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="131"/>
        <source>Trang %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="139"/>
        <source>%1 trang</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="143"/>
        <source>Không dựng được bản xem trước: %1</source>
        <translation>Could not build the preview: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="205"/>
        <source>In: %1</source>
        <translation>Print: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="256"/>
        <source>Máy in «%1» không còn trong máy: chưa in được. Chọn máy in khác rồi in lại (Ctrl+P).</source>
        <translation>The printer «%1» is no longer installed: nothing was printed. Choose another printer and print again (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="265"/>
        <source>Chưa in ra giấy: %1 trang được ghi ra tệp %2. Chọn máy in rồi in lại (Ctrl+P).</source>
        <translation>Not printed on paper: %1 pages were written to the file %2. Choose a printer and print again (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="245"/>
        <source>Đã gửi %1 trang tới máy in «%2», nhưng máy in đang tạm dừng hoặc báo lỗi nên giấy chưa ra. Kiểm tra máy in rồi in lại (Ctrl+P).</source>
        <translation>Sent %1 pages to the printer «%2», but it is paused or in error so nothing came out. Check the printer and print again (Ctrl+P).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="249"/>
        <source>Đã gửi %1 trang tới máy in «%2».</source>
        <translation>Sent %1 pages to the printer «%2».</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="281"/>
        <source>Không lưu được tệp: %1</source>
        <translation>Could not save the file: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/printing/preview.py" line="283"/>
        <source>Đã lưu %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>ProcedureFields</name>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_fields.py" line="53"/>
        <source>Thủ tục này không có thông tin riêng.</source>
        <translation>This procedure has no details of its own.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_fields.py" line="54"/>
        <source>Chọn thủ tục để hiện các thông tin riêng của thủ tục.</source>
        <translation>Choose a procedure to show its own details.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_fields.py" line="67"/>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_fields.py" line="69"/>
        <source>số</source>
        <translation>number</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="20"/>
        <source>Hay dùng ở bàn này</source>
        <translation>Most used at this desk</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="58"/>
        <source>Gõ tên hoặc mã thủ tục, có dấu hay không dấu (VD: dang ky khai sinh)</source>
        <translation>Procedure name or code, accents optional (e.g. dang ky khai sinh)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="76"/>
        <source>&amp;Thủ tục:</source>
        <translation>&amp;Procedure:</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="173"/>
        <source>Chưa chọn thủ tục</source>
        <translation>No procedure selected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/procedure_picker.py" line="179"/>
        <source>Lĩnh vực: %1
Thời hạn giải quyết: %2
Lệ phí: %3</source>
        <translation>Sector: %1
Processing time: %2
Fee: %3</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../desk_app/ui/selftest.py" line="123"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RemoveScanDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="238"/>
        <source>Gỡ bản quét – %1</source>
        <translation>Remove a scan – %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="239"/>
        <source>Gỡ bản quét «%1» (%2 trang) khỏi hồ sơ %3?</source>
        <translation>Remove the scan of “%1” (%2 page(s)) from dossier %3?</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="244"/>
        <source>Ví dụ: quét nhầm giấy tờ của người khác</source>
        <translation>For example: another citizen&apos;s paper scanned by mistake</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="245"/>
        <source>&amp;Lý do</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="248"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="249"/>
        <source>Gỡ (Ctrl+Enter)</source>
        <translation>Remove (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="201"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="202"/>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="203"/>
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="207"/>
        <source>Ngày %1, theo thủ tục</source>
        <translation>%1, by procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="208"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="211"/>
        <source>Tháng %1, theo ngày</source>
        <translation>%1, by day</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="212"/>
        <source>Ngày trong tháng</source>
        <translation>Day of the month</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="213"/>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/chart.py" line="214"/>
        <source>Không có hồ sơ nào trong kỳ này</source>
        <translation>No dossiers in this period</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="112"/>
        <location filename="../../desk_app/ui/report/page.py" line="218"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="112"/>
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="113"/>
        <location filename="../../desk_app/ui/report/page.py" line="218"/>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="113"/>
        <location filename="../../desk_app/ui/report/page.py" line="218"/>
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="114"/>
        <source>Quá hạn chưa giải quyết</source>
        <translation>Overdue, unresolved</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="114"/>
        <source>Đang giải quyết trong hạn</source>
        <translation>In progress, on time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="115"/>
        <source>Tỷ lệ đúng hạn</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="115"/>
        <source>Phí, lệ phí đã thu (đồng)</source>
        <translation>Fees collected (dong)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="116"/>
        <source>Chưa nộp phí</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="116"/>
        <source>Tỷ lệ số hóa</source>
        <translation>Digitisation rate</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="124"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="125"/>
        <source>Cán bộ tiếp nhận</source>
        <translation>Receiving clerk</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="147"/>
        <source>Theo ngày</source>
        <translation>By day</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="148"/>
        <source>Theo tháng</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="151"/>
        <source>Ngày trong kỳ báo cáo</source>
        <translation>A day in the report period</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="152"/>
        <source>Hôm &amp;nay</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="153"/>
        <source>Tháng nà&amp;y</source>
        <translation>This &amp;month</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="154"/>
        <source>&amp;Kỳ báo cáo:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="159"/>
        <source>Báo cáo ngày hôm nay</source>
        <translation>Report for today</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="160"/>
        <source>Báo cáo tháng này</source>
        <translation>Report for this month</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="186"/>
        <source>Có kết quả sau ngày hẹn, hoặc đã phải xin lỗi và hẹn lại.</source>
        <translation>Result after the due date, or an apology and a new date were needed.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="188"/>
        <source>Số hồ sơ có kết quả đúng hạn trên số hồ sơ đã có kết quả (đúng hạn và trễ hạn).</source>
        <translation>Dossiers resolved on time out of those resolved (on time and late).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="190"/>
        <source>Số hồ sơ đã quét đủ mọi giấy tờ bắt buộc trên số hồ sơ tiếp nhận trong kỳ.</source>
        <translation>Dossiers with every required paper scanned, over dossiers received in the period.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="203"/>
        <source>Xuất sổ theo dõi (Excel)</source>
        <translation>Export register (Excel)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="203"/>
        <source>Xuất sổ theo dõi (PDF)</source>
        <translation>Export register (PDF)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="218"/>
        <source>Đã giải
quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="219"/>
        <source>Quá hạn
chưa xong</source>
        <translation>Overdue,
unresolved</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="219"/>
        <source>Tỷ lệ
đúng hạn</source>
        <translation>On-time
rate</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="219"/>
        <source>Phí đã thu
(đồng)</source>
        <translation>Fees collected
(dong)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="220"/>
        <source>Chưa
nộp phí</source>
        <translation>Fee
unpaid</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="220"/>
        <source>Tỷ lệ
số hóa</source>
        <translation>Digitised
rate</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="265"/>
        <source>Tính trên hồ sơ tiếp nhận trong kỳ · từ chối hoặc dừng: %1</source>
        <translation>Figures for dossiers received in the period · refused or stopped: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="305"/>
        <source>Đang xuất sổ theo dõi…</source>
        <translation>Exporting the register…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="314"/>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="314"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="315"/>
        <source>Xuất sổ theo dõi</source>
        <translation>Export register</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="323"/>
        <source>Đã xuất %1 hồ sơ ra %2</source>
        <translation>Exported %1 dossier(s) to %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/report/page.py" line="334"/>
        <source>Không xuất được sổ theo dõi: %1</source>
        <translation>Could not export the register: %1</translation>
    </message>
</context>
<context>
    <name>RestoredBanner</name>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="88"/>
        <source>Đã khôi phục bản nháp chưa lưu</source>
        <translation>Unsaved draft restored</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/drafts.py" line="90"/>
        <source>Bỏ bản nháp</source>
        <translation>Discard draft</translation>
    </message>
</context>
<context>
    <name>SaveBar</name>
    <message>
        <location filename="../../desk_app/ui/intake/receipt.py" line="55"/>
        <location filename="../../desk_app/ui/intake/receipt.py" line="98"/>
        <source>Hẹn trả: chọn thủ tục để tính</source>
        <translation>Result due: choose a procedure</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/receipt.py" line="61"/>
        <source>Hồ sơ mới</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/receipt.py" line="62"/>
        <source>Lưu và in giấy tiếp nhận</source>
        <translation>Save and print receipt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/intake/receipt.py" line="64"/>
        <source>&amp;Quét giấy tờ hồ sơ vừa lưu…</source>
        <translation>Scan papers of the dossier just sa&amp;ved…</translation>
    </message>
</context>
<context>
    <name>ScanAttachDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="55"/>
        <source>Đính kèm bản quét – %1</source>
        <translation>Attach a scan – %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="73"/>
        <source> (đã có bản quét)</source>
        <translation> (already scanned)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="81"/>
        <source>Thang xám (khuyên dùng, ~100–150 KB/trang)</source>
        <translation>Greyscale (recommended, ~100–150 KB a page)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="82"/>
        <source>Đen trắng (nhỏ nhất, cho giấy tờ chỉ có chữ)</source>
        <translation>Black and white (smallest, for text-only papers)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="83"/>
        <source>Màu (ảnh, con dấu màu; nặng hơn)</source>
        <translation>Colour (photos, coloured seals; larger)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="89"/>
        <source>Các trang, theo thứ tự</source>
        <translation>The pages, in order</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="91"/>
        <source>&amp;Giấy tờ</source>
        <translation>&amp;Document</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="91"/>
        <source>&amp;Màu</source>
        <translation>&amp;Colour</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="95"/>
        <source>Kéo thả tệp vào đây, chọn tệp, hoặc quét vào thư mục quét: trang mới tự hiện ra. Nhiều trang thành một tệp PDF theo thứ tự trong danh sách.</source>
        <translation>Drop files here, choose files, or scan into the scan folder: new pages appear by themselves. The pages become one PDF in the order of the list.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="111"/>
        <source>Chọn tệp… (Ctrl+O)</source>
        <translation>Choose files… (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="112"/>
        <source>Quét từ máy quét (Ctrl+Shift+S)</source>
        <translation>Scan from the scanner (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="114"/>
        <source>Bỏ trang (Delete)</source>
        <translation>Remove page (Delete)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="122"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="123"/>
        <source>Đính kèm (Ctrl+Enter)</source>
        <translation>Attach (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="134"/>
        <source>Chưa đặt thư mục quét (Cài đặt → Bản quét).</source>
        <translation>No scan folder set (Settings → Scans).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="135"/>
        <source>Thư mục quét: %1</source>
        <translation>Scan folder: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="154"/>
        <source>Chọn các trang đã quét</source>
        <translation>Choose the scanned pages</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="155"/>
        <source>Ảnh quét và PDF (%1)</source>
        <translation>Scanned images and PDF (%1)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="168"/>
        <source>(có sẵn trong thư mục)</source>
        <translation>(already in the folder)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/scan_dialog.py" line="208"/>
        <source>Chưa có trang nào: chọn tệp, kéo thả, hoặc quét vào thư mục quét.</source>
        <translation>No pages yet: choose files, drop them here, or scan into the scan folder.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="77"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="97"/>
        <source>Máy chủ thành phố</source>
        <translation>City server</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="103"/>
        <source>Mã một lần do quản trị thành phố cấp cho máy này</source>
        <translation>One-time code issued for this computer by the city administrator</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="105"/>
        <source>Đăng ký máy</source>
        <translation>Register computer</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="107"/>
        <source>Đăng ký máy này với máy chủ bằng mã một lần (Enter trong ô mã)</source>
        <translation>Register this computer with the server using the one-time code (Enter in the code box)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="109"/>
        <source>Địa chỉ &amp;máy chủ</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="110"/>
        <source>Mã đăn&amp;g ký</source>
        <translation>&amp;Registration code</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="127"/>
        <source>In ấn</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="133"/>
        <source>Máy &amp;in</source>
        <translation>&amp;Printer</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="134"/>
        <source>&amp;Khổ giấy</source>
        <translation>P&amp;aper size</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="138"/>
        <source>Hiển thị</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="143"/>
        <source>Tự động (theo hệ thống)</source>
        <translation>Automatic (system)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="148"/>
        <source>Ngôn ngữ mới có hiệu lực khi mở lại chương trình.</source>
        <translation>A new language takes effect when the program is restarted.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="150"/>
        <source>&amp;Cỡ chữ</source>
        <translation>&amp;Font size</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="151"/>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="158"/>
        <source>Bản quét</source>
        <translation>Scans</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="163"/>
        <source>Thư mục phần mềm máy quét lưu tệp vào</source>
        <translation>The folder the scanner&apos;s software saves into</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="164"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="172"/>
        <source>Thang xám</source>
        <translation>Greyscale</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="172"/>
        <source>Đen trắng</source>
        <translation>Black and white</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="173"/>
        <source>Màu</source>
        <translation>Colour</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="179"/>
        <source>&amp;Thư mục quét</source>
        <translation>Sca&amp;n folder</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="182"/>
        <source>Mà&amp;u mặc định</source>
        <translation>Default &amp;colour</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="185"/>
        <source>Kho bản quét</source>
        <translation>Scan store</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="189"/>
        <source>Thư mục quét</source>
        <translation>Scan folder</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="198"/>
        <source>Thư mục: %1</source>
        <translation>Folder: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="199"/>
        <source>%1 MB trong %2 tệp</source>
        <translation>%1 MB in %2 files</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="203"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="204"/>
        <source>Lưu (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="223"/>
        <source>Máy in mặc định</source>
        <translation>Default printer</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="228"/>
        <source>%1 (không tìm thấy)</source>
        <translation>%1 (not found)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="257"/>
        <source>Máy chưa đăng ký với máy chủ thành phố.</source>
        <translation>This computer is not registered with the city server.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="260"/>
        <source>Đã đăng ký với máy chủ.
Thiết bị: %1
Đơn vị: %2 (%3)</source>
        <translation>Registered with the server.
Device: %1
Unit: %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="285"/>
        <source>Đang đăng ký với máy chủ…</source>
        <translation>Registering with the server…</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/settings_dialog.py" line="327"/>
        <source>Không đăng ký được: %1</source>
        <translation>Registration failed: %1</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="63"/>
        <source>Yêu cầu bổ sung</source>
        <translation>Request more documents</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="64"/>
        <source>Nhận bổ sung</source>
        <translation>Receive more documents</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="65"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refuse dossier</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="66"/>
        <source>Chuyển xử lý</source>
        <translation>Transfer for processing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="67"/>
        <source>Hẹn lại ngày trả</source>
        <translation>Reschedule result date</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="68"/>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="69"/>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="70"/>
        <source>Trả kết quả</source>
        <translation>Hand over result</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="108"/>
        <source>%1 – hồ sơ %2</source>
        <translation>%1 – dossier %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="114"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 – %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 – %3</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="120"/>
        <source>Xác nhận (Ctrl+Enter)</source>
        <translation>Confirm (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="121"/>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="122"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="122"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="181"/>
        <source>Mỗi dòng một mục, ví dụ:
Tờ khai: thiếu chữ ký người yêu cầu</source>
        <translation>One item per line, for example:
Application form: applicant&apos;s signature missing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="183"/>
        <source>Giấy tờ cần &amp;bổ sung</source>
        <translation>&amp;Documents needed</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="196"/>
        <source>Giấy tờ trong thành phần hồ sơ của thủ tục</source>
        <translation>Papers of the procedure&apos;s checklist</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="217"/>
        <source>Ngày công dân cần nộp bổ sung; thời hạn giải quyết tính lại từ khi nhận đủ.</source>
        <translation>The day the citizen must bring the papers by; the processing time restarts once all are in.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="218"/>
        <source>Bổ sung &amp;trước ngày</source>
        <translation>Bring papers &amp;by</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="222"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="223"/>
        <source>Số điện thoại liên hệ (không bắt buộc)</source>
        <translation>Contact phone number (optional)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="225"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="232"/>
        <source>Người &amp;hướng dẫn</source>
        <translation>&amp;Guided by</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="237"/>
        <source>&amp;Giấy tờ đã nhận bổ sung
(mỗi dòng một giấy tờ)</source>
        <translation>&amp;Documents received
(one per line)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="240"/>
        <source>&amp;Lý do</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="249"/>
        <source>Ngày hẹn cũ: %1</source>
        <translation>Previous result date: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="250"/>
        <source>&amp;Ngày hẹn mới
(hẹn cũ: %1)</source>
        <translation>&amp;New result date
(was: %1)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="264"/>
        <source>Chuyển đến đơn &amp;vị</source>
        <translation>Transfer to &amp;unit</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="270"/>
        <source>Số định danh cá nhân (12 chữ số)</source>
        <translation>Personal ID (12 digits)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="271"/>
        <source>Số định danh cá nhân của người nhận</source>
        <translation>Collector&apos;s personal ID</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="272"/>
        <source>Người nộp hồ sơ &amp;tự nhận</source>
        <translation>Collected by the &amp;applicant</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="292"/>
        <source>Ví dụ: Phòng Kinh tế, ông Lê Bình</source>
        <translation>For example: Economic Office, Mr Le Binh</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="293"/>
        <source>Cán bộ, &amp;bộ phận nhận</source>
        <translation>Taken &amp;by (officer, office)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="382"/>
        <source>Gõ tên xã, phường rồi chọn trong danh sách (Enter), hoặc nhập mã 5 chữ số (01: Thành phố).</source>
        <translation>Type the commune or ward and pick it from the list (Enter), or type its 5-digit code (01: the city).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="280"/>
        <source>&amp;Người nhận kết quả</source>
        <translation>&amp;Recipient</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="296"/>
        <source>Ghi &amp;chú</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="380"/>
        <source>Chưa nhập, bắt buộc phải có.</source>
        <translation>Required, please fill in.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="381"/>
        <source>Mỗi dòng cần tên giấy tờ trước dấu «:».</source>
        <translation>Each line needs the document name before “:”.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="384"/>
        <source>Không có đơn vị mã này trong danh mục.</source>
        <translation>No unit with this code in the list.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="385"/>
        <source>Hạn bổ sung phải sau hôm nay.</source>
        <translation>The deadline must be after today.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="386"/>
        <source>Số định danh cá nhân của người nhận phải có đúng 12 chữ số.</source>
        <translation>The collector&apos;s personal ID must have exactly 12 digits.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="387"/>
        <source>Người nhận thay: nhập số định danh cá nhân của người nhận.</source>
        <translation>Collected on their behalf: type the personal ID of who collects.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="388"/>
        <source>Họ tên người hướng dẫn không có chữ số: số điện thoại nhập ở ô bên cạnh.</source>
        <translation>A guide&apos;s name has no digits: type the phone in the box beside it.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/action_dialogs.py" line="389"/>
        <source>Số điện thoại không đúng: số di động 10 chữ số (03, 05, 07, 08, 09), số cố định 11 chữ số (02…).</source>
        <translation>Not a valid phone number: mobiles have 10 digits (03, 05, 07, 08, 09), landlines 11 (02…).</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="78"/>
        <source>Đã gửi %v/%m</source>
        <translation>Sent %v/%m</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="81"/>
        <source>Đã gửi 00000/00000</source>
        <translation>Sent 00000/00000</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="83"/>
        <source>Đồng bộ ngay (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="84"/>
        <source>Gửi ngay các thay đổi chờ gửi và nhận thay đổi từ máy chủ (F5)</source>
        <translation>Send pending changes now and fetch changes from the server (F5)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="219"/>
        <source>Chờ gửi: %1</source>
        <translation>Pending: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="220"/>
        <source>chưa có</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="221"/>
        <source>Đồng bộ lần cuối: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="222"/>
        <source>Cần xem lại: %1</source>
        <translation>Needs review: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="223"/>
        <source>Hồ sơ có thao tác mâu thuẫn giữa các máy, cần giám sát viên xem lại</source>
        <translation>Dossiers with conflicting steps from different computers; a supervisor must review them</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="225"/>
        <source>Bị giữ lại: %1</source>
        <translation>Held back: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="226"/>
        <source>Sự kiện máy chủ không nhận (trùng mã hoặc bị từ chối), cần xem lại</source>
        <translation>Events the server did not accept (duplicate code or rejected); review needed</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="233"/>
        <source>Bản thực hành: không đồng bộ</source>
        <translation>Training copy: not synced</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="234"/>
        <source>Dữ liệu thực hành chỉ nằm trên máy này và không bao giờ gửi lên máy chủ.</source>
        <translation>Practice data stays on this computer and is never sent to the server.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="236"/>
        <source>Chưa đăng ký máy chủ</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="237"/>
        <source>Máy chưa đăng ký với máy chủ thành phố: giám sát viên mở Cài đặt (Ctrl+,) để đăng ký.</source>
        <translation>This computer is not registered with the city server: a supervisor registers it in Settings (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="240"/>
        <source>Lần trao đổi gần nhất với máy chủ %1 đã thành công.</source>
        <translation>The last exchange with the server %1 succeeded.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="241"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="243"/>
        <source>Lỗi lần đồng bộ gần nhất (%1): %2</source>
        <translation>Last sync failed (%1): %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="244"/>
        <source>Chưa trao đổi được với máy chủ.</source>
        <translation>No contact with the server yet.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="245"/>
        <source>Máy sẽ tự thử lại; mọi hồ sơ vẫn được lưu trên máy này.</source>
        <translation>It will retry by itself; every dossier is still saved on this computer.</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/sync_status.py" line="246"/>
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>TimelineTable</name>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="33"/>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="33"/>
        <source>Bước xử lý</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="33"/>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="34"/>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="48"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="48"/>
        <source>Yêu cầu bổ sung</source>
        <translation>More documents requested</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="49"/>
        <source>Nhận bổ sung</source>
        <translation>More documents received</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="49"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="50"/>
        <source>Chuyển xử lý</source>
        <translation>Transferred for processing</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="50"/>
        <source>Hẹn lại ngày trả</source>
        <translation>Result date rescheduled</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="51"/>
        <source>Dừng giải quyết</source>
        <translation>Processing stopped</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="51"/>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="52"/>
        <source>Trả kết quả</source>
        <translation>Result handed over</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="52"/>
        <source>Sửa thông tin người nộp</source>
        <translation>Applicant details corrected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="53"/>
        <source>Tin nhắn cho người nộp</source>
        <translation>Messages to the applicant</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="54"/>
        <source>Cơ quan giải quyết đã nhận</source>
        <translation>Received by the authority</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="55"/>
        <source>Thu phí, lệ phí</source>
        <translation>Fee collected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="55"/>
        <source>Điều chỉnh biên lai</source>
        <translation>Receipt corrected</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="56"/>
        <source>Hoàn phí, lệ phí</source>
        <translation>Fee refunded</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="57"/>
        <source>Đính kèm bản quét</source>
        <translation>Scan attached</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="57"/>
        <source>Gỡ bản quét</source>
        <translation>Scan removed</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="75"/>
        <source>Hẹn trả: %1</source>
        <translation>Result due: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="79"/>
        <source>Không nhận tin nhắn nữa</source>
        <translation>No more messages</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="82"/>
        <source>Cần bổ sung: %1</source>
        <translation>Needed: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="84"/>
        <source>Hạn nộp: %1</source>
        <translation>Bring by: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="87"/>
        <source>Đã nhận: %1</source>
        <translation>Received: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="89"/>
        <source>Hẹn trả mới: %1</source>
        <translation>New result date: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="92"/>
        <source>Hẹn lại: %1 → %2</source>
        <translation>Rescheduled: %1 → %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="95"/>
        <source>Chuyển đến: %1</source>
        <translation>Transferred to: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="97"/>
        <source>Người, bộ phận nhận: %1</source>
        <translation>Taken by: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="100"/>
        <source>Người nhận: %1</source>
        <translation>Collected by: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="102"/>
        <source>Số định danh %1</source>
        <translation>Personal ID %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="104"/>
        <source>Nhận thay người nộp</source>
        <translation>Collected on the applicant&apos;s behalf</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="107"/>
        <source>%1 nhận tại %2</source>
        <translation>Received by %1 at %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="111"/>
        <source>%1: %2 trang</source>
        <translation>%1: %2 page(s)</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="115"/>
        <source>Sửa: %1</source>
        <translation>Corrected: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="67"/>
        <source>Lý do: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="68"/>
        <source>Ghi chú: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="121"/>
        <source>Hoàn %1 đồng của biên lai %2</source>
        <translation>Refunded %1 dong of receipt %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="122"/>
        <source>tiền mặt</source>
        <translation>cash</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="122"/>
        <source>chuyển khoản</source>
        <translation>bank transfer</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="123"/>
        <source>miễn</source>
        <translation>exempt</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="124"/>
        <source>Biên lai %1: %2 đồng, %3</source>
        <translation>Receipt %1: %2 dong, %3</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="127"/>
        <source>Mã giao dịch %1</source>
        <translation>Transfer reference %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="129"/>
        <source>Lý do miễn: %1</source>
        <translation>Exemption reason: %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="131"/>
        <source>Thay biên lai %1</source>
        <translation>Replaces receipt %1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="135"/>
        <source>Nhận tin nhắn qua %1 số %2</source>
        <translation>Messages by %1 to %2</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/dossiers/timeline.py" line="159"/>
        <source>Xung đột: bước này ghi nhận khi hồ sơ đang «%1», không hợp lệ nên không đổi trạng thái; chờ giám sát xem xét.</source>
        <translation>Conflict: this step was recorded while the dossier was “%1”; it is not valid there, so the status did not change. Awaiting supervisor review.</translation>
    </message>
</context>
<context>
    <name>UnitPicker</name>
    <message>
        <location filename="../../desk_app/ui/widgets/unit_picker.py" line="32"/>
        <source>Gõ tên xã, phường (có dấu hay không dấu) hoặc mã</source>
        <translation>Type the commune or ward name (marks optional) or its code</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../desk_app/ui/crash.py" line="30"/>
        <source>Có lỗi ngoài dự kiến</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/crash.py" line="31"/>
        <source>Chương trình gặp một lỗi chưa lường trước; việc vừa làm có thể chưa xong. Các hồ sơ đã lưu vẫn an toàn. Hãy thử lại; nếu lỗi lặp lại, gửi tệp nhật ký này cho bộ phận hỗ trợ:
%1</source>
        <translation>The program met an error nobody foresaw; what you just did may not be finished. Saved dossiers are safe. Try again; if the error comes back, send this log file to support:
%1</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/crash.py" line="43"/>
        <source>Lần trước chương trình đóng đột ngột</source>
        <translation>MotCua Desk closed unexpectedly last time</translation>
    </message>
    <message>
        <location filename="../../desk_app/ui/crash.py" line="44"/>
        <source>Lần làm việc trước không kết thúc bình thường (mất điện, tắt máy hoặc lỗi). Các hồ sơ đã lưu vẫn còn nguyên; hồ sơ đang nhập dở được giữ trong bản nháp. Nếu cần hỗ trợ, gửi tệp nhật ký:
%1</source>
        <translation>The last session did not end normally (a power cut, the PC turned off or an error). Saved dossiers are intact; a dossier being typed is kept as a draft. If you need help, send the log file:
%1</translation>
    </message>
</context>
</TS>
