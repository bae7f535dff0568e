// Decap CMS chờ nhiemvu-cms.js khởi động (đăng ký định dạng tệp, bản dịch) rồi mới chạy.
// Decap CMS waits for nhiemvu-cms.js to register the register's formats before it starts.
window.CMS_MANUAL_INIT = true;
