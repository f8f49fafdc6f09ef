"""Sign-in rules, sessions, the audit trail and the database-unavailable message."""

TEXT: dict[str, dict[str, str]] = {
    # --- login ------------------------------------------------------------------------
    "login.locked": {
        "zh": "该账号因连续输错密码已被锁定，请在 {until}（约 {minutes} 分钟后）再试，或请管理员解锁。",
        "en": "This account is locked after too many wrong passwords. Try again after {until} "
              "(in about {minutes} minutes), or ask an administrator to unlock it."},
    "login.ended.revoked": {
        "zh": "您的登录已失效（已退出登录、管理员已注销全部会话，或密码已更改），请重新登录。",
        "en": "Your session has ended (you signed out, an administrator signed everyone out, "
              "or the password changed). Please log in again."},
    "login.ended.locked": {
        "zh": "该账号已被锁定，当前会话已退出。请稍后再试，或请管理员解锁。",
        "en": "This account is locked, so this session was signed out. Try again later, or ask "
              "an administrator to unlock it."},
    "login.ended.expired": {"zh": "登录已过期，请重新登录。",
                            "en": "Your sign-in has expired. Please log in again."},
    "login.ended.unknown": {"zh": "该账号已不在用户列表中。",
                            "en": "This account is no longer in the users list."},
    # --- the database going away ------------------------------------------------------
    "app.db_unavailable": {
        "zh": "暂时无法连接数据库，数据无法显示。页面每隔几秒会自动重试，数据库恢复后即自动显示；也可以立即重试。",
        "en": "The database cannot be reached right now, so no figures can be shown. The page "
              "retries by itself every few seconds and comes back as soon as the database "
              "does; you can also retry now."},
    "app.db_retry": {"zh": "立即重试", "en": "Retry now"},
    "app.db_waiting": {"zh": "正在等待数据库恢复……（上次检查：{time}）",
                       "en": "Waiting for the database… (last checked {time})"},
    # --- administration: sign-in and sessions -----------------------------------------
    "admin.setting.auth.max_failed_logins": {"zh": "同一客户端连续输错几次后开始延迟",
                                             "en": "Wrong passwords from one client before its attempts wait"},
    "admin.setting.auth.lockout_minutes": {"zh": "同一客户端的最长等待（分钟）",
                                           "en": "Longest wait for one client (minutes)"},
    "admin.sessions": {"zh": "登录与会话", "en": "Sign-in and sessions"},
    "admin.sessions_help": {
        "zh": "登录有效期最长 {days} 天（用户文件 cookie.expiry_days）。退出登录、在此处“注销全部会话”或"
              "更改用户文件中的密码后，该用户此前在任何浏览器中的登录都会失效。输错密码不会锁定账号，也不会让已登录的"
              "会话退出：同一客户端连续输错 {failures} 次后，每次尝试须等待 1、2、4……秒，最长 {minutes} 分钟；"
              "同一用户名连续输错过多时也会短暂等待。“解锁”结束该用户名的等待。",
        "en": "A sign-in lasts at most {days} day(s) (users file cookie.expiry_days). Logging out, "
              "“sign out everywhere” here, or a changed password in the users file ends every "
              "earlier sign-in of that user, in every browser. Wrong passwords never lock an "
              "account nor end an open session: after {failures} in a row from one client, each "
              "attempt of that client waits 1, 2, 4, ... seconds, at most {minutes} minutes; too "
              "many for one username make its attempts wait briefly too. “Unlock” ends a "
              "username's wait."},
    "admin.col.failed_logins": {"zh": "连续输错次数", "en": "Wrong passwords in a row"},
    "admin.col.locked_until": {"zh": "等待至", "en": "Waits until"},
    "admin.col.sessions_valid_after": {"zh": "此时间之前的登录无效",
                                       "en": "Sign-ins before this are refused"},
    "admin.pick_user": {"zh": "用户", "en": "User"},
    "admin.sign_out_user": {"zh": "注销该用户的全部会话", "en": "Sign this user out everywhere"},
    "admin.sign_out_all": {"zh": "注销所有用户的全部会话（包括您自己）",
                           "en": "Sign everyone out everywhere (you too)"},
    "admin.unlock": {"zh": "结束该用户名的登录等待", "en": "End this username's sign-in wait"},
    "admin.signed_out": {"zh": "已注销 {user} 的全部会话。", "en": "{user} was signed out everywhere."},
    "admin.unlocked": {"zh": "已结束 {user} 的登录等待。", "en": "{user} no longer waits to sign in."},
    # --- administration: audit ----------------------------------------------------------
    "admin.audit": {"zh": "审计日志", "en": "Audit log"},
    "admin.audit_help": {
        "zh": "每次导入（含被拒绝的）、每次设置修改或恢复默认、注销会话、解锁、登录延迟、用户文件错误和检测到的密码更改都会记录在此。",
        "en": "Every import (refused ones too), settings change or reset, sign-out everywhere, "
              "unlock, sign-in slow-down, faulty users file and noticed password change is recorded "
              "here."},
    "admin.audit_empty": {"zh": "暂无审计记录。", "en": "No audit events yet."},
    "admin.col.at": {"zh": "时间", "en": "When"},
    "admin.col.actor": {"zh": "操作人", "en": "Who"},
    "admin.col.action": {"zh": "操作", "en": "Action"},
    "admin.col.details": {"zh": "详情", "en": "Details"},
    "admin.col.audit_counts": {"zh": "行数", "en": "Counts"},
    "admin.col.import_run": {"zh": "导入记录编号", "en": "Import run"},
    "audit.action.import": {"zh": "数据导入", "en": "Import"},
    "audit.action.settings.save": {"zh": "修改设置", "en": "Settings changed"},
    "audit.action.settings.reset": {"zh": "设置恢复默认", "en": "Settings reset"},
    "audit.action.sessions.revoke": {"zh": "注销全部会话", "en": "Signed out everywhere"},
    "audit.action.account.unlock": {"zh": "解锁账号", "en": "Account unlocked"},
    "audit.action.account.locked": {"zh": "账号被锁定", "en": "Account locked"},
    "audit.action.password.changed": {"zh": "检测到密码更改", "en": "Password change noticed"},
}
