"""Accounts kept in the database: the accounts page, own password, sign-in methods."""

TEXT: dict[str, dict[str, str]] = {
    "page.accounts": {"zh": "账号管理", "en": "Accounts"},
    "page.password": {"zh": "修改密码", "en": "Change password"},
    "accounts.admin_pointer": {
        "zh": "账号、角色、负责部门、停用与密码重置在“账号管理”页面中管理；下表为当前生效的账号。",
        "en": "Accounts, roles, departments, disabling and password resets are managed on the "
              "Accounts page; the table below shows the accounts in force."},
    "login.ended.disabled": {"zh": "该账号已被停用，当前会话已退出。如有疑问请联系管理员。",
                             "en": "This account has been disabled, so this session was signed "
                                   "out. Ask an administrator if this is unexpected."},
    # --- the accounts page --------------------------------------------------------------
    "accounts.file_source": {
        "zh": "当前账号来自用户文件（{file}），只读。导入数据库后即可在此页面管理账号（添加、角色、部门、停用、重置密码），"
              "此后不再读取该文件。",
        "en": "The accounts come from the users file ({file}) and are read-only here. Import "
              "them into the database to manage them on this page (add, roles, departments, "
              "disable, password reset); the file is not read after that."},
    "accounts.import_file": {"zh": "将用户文件导入数据库", "en": "Import the users file into the database"},
    "accounts.imported": {"zh": "已导入 {added} 个账号。", "en": "{added} account(s) imported."},
    "accounts.choose": {"zh": "请选择", "en": "Choose"},
    "accounts.list": {"zh": "账号", "en": "Accounts"},
    "accounts.col.username": {"zh": "用户名", "en": "Username"},
    "accounts.col.name": {"zh": "姓名", "en": "Name"},
    "accounts.col.roles": {"zh": "角色", "en": "Roles"},
    "accounts.col.departments": {"zh": "负责部门", "en": "Departments"},
    "accounts.col.enabled": {"zh": "状态", "en": "Status"},
    "accounts.col.language": {"zh": "语言", "en": "Language"},
    "accounts.col.sign_in": {"zh": "登录方式", "en": "Sign-in"},
    "accounts.col.last_sign_in": {"zh": "最近登录", "en": "Last sign-in"},
    "accounts.enabled": {"zh": "启用", "en": "enabled"},
    "accounts.disabled": {"zh": "已停用", "en": "disabled"},
    "accounts.source.directory": {"zh": "通讯录", "en": "directory"},
    "accounts.source.admin": {"zh": "管理员", "en": "admin"},
    "accounts.never": {"zh": "从未", "en": "never"},
    "accounts.via.password": {"zh": "密码", "en": "password"},
    "accounts.via.oidc": {"zh": "OIDC", "en": "OIDC"},
    "accounts.via.wecom": {"zh": "企业微信", "en": "WeCom"},
    "accounts.no_role": {"zh": "无（等待授权）", "en": "none (waiting for access)"},
    "accounts.add": {"zh": "添加账号", "en": "Add an account"},
    "accounts.field.username": {"zh": "用户名（小写字母、数字、. _ @ -）",
                                "en": "Username (lower-case letters, digits, . _ @ -)"},
    "accounts.field.name": {"zh": "姓名", "en": "Display name"},
    "accounts.field.email": {"zh": "邮箱", "en": "E-mail"},
    "accounts.field.roles": {"zh": "角色", "en": "Roles"},
    "accounts.field.departments": {"zh": "负责部门", "en": "Departments led"},
    "accounts.field.departments_help": {
        "zh": "通讯录中登记为部门负责人（departments.head_employee_id）的部门会自动加入；在此可增减，覆盖通讯录。",
        "en": "Departments whose head the directory names as this user "
              "(departments.head_employee_id) are added by themselves; changes here override "
              "the directory."},
    "accounts.field.language": {"zh": "语言", "en": "Language"},
    "accounts.field.employee_id": {"zh": "员工编号", "en": "Employee id"},
    "accounts.field.wecom_userid": {"zh": "企业微信 userid", "en": "WeCom userid"},
    "accounts.field.oidc_identity": {"zh": "OIDC 身份（邮箱或 sub）", "en": "OIDC identity (email or sub)"},
    "accounts.field.password": {"zh": "初始密码（至少 8 位；不用密码登录可留空）",
                                "en": "Initial password (at least 8 characters; empty for "
                                      "sign-in without a password)"},
    "accounts.lang.default": {"zh": "默认", "en": "default"},
    "accounts.add_submit": {"zh": "添加", "en": "Add"},
    "accounts.added": {"zh": "已添加账号 {username}。", "en": "Account {username} added."},
    "accounts.edit": {"zh": "修改账号", "en": "Change an account"},
    "accounts.pick": {"zh": "选择账号", "en": "Account"},
    "accounts.save_roles": {"zh": "保存角色与部门", "en": "Save roles and departments"},
    "accounts.saved": {"zh": "已保存 {username} 的更改。", "en": "Changes to {username} saved."},
    "accounts.reset_departments": {"zh": "部门恢复为通讯录", "en": "Departments back to the directory"},
    "accounts.save_profile": {"zh": "保存资料", "en": "Save profile"},
    "accounts.disable": {"zh": "停用账号", "en": "Disable the account"},
    "accounts.enable": {"zh": "启用账号", "en": "Enable the account"},
    "accounts.now_disabled": {"zh": "{username} 已停用，其会话将在下一次操作时退出。",
                              "en": "{username} is disabled; their sessions end on their next "
                                    "page run."},
    "accounts.now_enabled": {"zh": "{username} 已启用。", "en": "{username} is enabled."},
    "accounts.reset_password": {"zh": "重置密码", "en": "Reset the password"},
    "accounts.new_password": {"zh": "新密码（至少 8 位）", "en": "New password (at least 8 characters)"},
    "accounts.password_was_reset": {
        "zh": "已重置 {username} 的密码，其此前的登录均已失效。请通过安全渠道告知新密码。",
        "en": "The password of {username} is reset and their earlier sign-ins have ended. "
              "Tell them the new one through a safe channel."},
    # --- sign-in methods ----------------------------------------------------------------
    "accounts.methods": {"zh": "登录方式", "en": "Sign-in methods"},
    "accounts.methods_help": {
        "zh": "登录页只显示已开启的方式。OIDC 需在 .streamlit/secrets.toml 的 [auth] 中配置，企业微信需配置 "
              "WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_APP_SECRET 与回调地址。",
        "en": "The login page shows only the methods switched on. OIDC is configured in "
              "the [auth] table of .streamlit/secrets.toml; WeCom needs WECOM_CORP_ID, "
              "WECOM_AGENT_ID, WECOM_APP_SECRET and the redirect address."},
    "accounts.method.password": {"zh": "用户名与密码", "en": "Username and password"},
    "accounts.method.oidc": {"zh": "公司身份提供方（OIDC）", "en": "Company identity provider (OIDC)"},
    "accounts.method.wecom": {"zh": "企业微信", "en": "WeCom"},
    "accounts.oidc_create_unknown": {
        "zh": "OIDC 未知身份自动创建无角色账号（等待管理员授权）",
        "en": "Create an account without roles for an unknown OIDC identity (waiting for "
              "an administrator)"},
    "accounts.oidc_roles_claim": {"zh": "从 OIDC 声明读取角色（如 groups；留空则不读取）",
                                  "en": "Roles from an OIDC claim (e.g. groups; empty = none)"},
    "accounts.methods_save": {"zh": "保存登录方式", "en": "Save sign-in methods"},
    "accounts.methods_saved": {"zh": "已保存登录方式。", "en": "Sign-in methods saved."},
    "accounts.methods_none": {"zh": "至少需开启一种登录方式。", "en": "Switch at least one method on."},
    # --- refusals (AccountError codes) --------------------------------------------------
    "accounts.error.exists": {"zh": "账号 {username} 已存在。", "en": "An account {username} exists already."},
    "accounts.error.unknown_user": {"zh": "没有账号 {username}。", "en": "There is no account {username}."},
    "accounts.error.bad_username": {
        "zh": "用户名“{username}”不可用：只能用小写字母、数字和 . _ @ -。",
        "en": "“{username}” is not a usable username: lower-case letters, digits and . _ @ - only."},
    "accounts.error.bad_role": {"zh": "未知角色：{roles}。", "en": "Unknown role(s): {roles}."},
    "accounts.error.bad_language": {"zh": "语言只能是 zh 或 en。", "en": "The language must be zh or en."},
    "accounts.error.identity_taken": {"zh": "{kind} “{value}” 已属于账号 {username}。",
                                      "en": "{kind} “{value}” belongs to the account {username} already."},
    "accounts.error.last_admin": {
        "zh": "未执行：{username} 是最后一位启用的管理员，至少需保留一位。",
        "en": "Refused: {username} is the last enabled administrator; at least one must remain."},
    "accounts.error.last_admin_self": {
        "zh": "未执行：您是最后一位启用的管理员，不能移除自己的管理员角色或停用自己。请先为他人授予管理员角色。",
        "en": "Refused: you are the last enabled administrator, so you cannot remove your own "
              "admin role or disable yourself. Make someone else an administrator first."},
    "accounts.error.first_must_be_admin": {"zh": "第一个账号必须具有管理员角色。",
                                           "en": "The first account must have the admin role."},
    "accounts.error.import_without_admin": {"zh": "用户文件中没有启用的管理员，未导入。",
                                            "en": "The users file gives no enabled administrator; nothing was imported."},
    "accounts.error.password_short": {"zh": "密码至少需要 8 位。", "en": "The password needs at least 8 characters."},
    "accounts.error.password_mismatch": {"zh": "两次输入的新密码不一致。", "en": "The two new passwords differ."},
    "accounts.error.password_wrong": {"zh": "当前密码不正确。", "en": "The current password is not right."},
    "accounts.error.bad_field": {"zh": "无法修改：{fields}。", "en": "Cannot change: {fields}."},
    # --- own password -------------------------------------------------------------------
    "password.help": {"zh": "修改后，您在其他浏览器中的登录将失效，本浏览器需重新登录。",
                      "en": "After the change your sign-ins in other browsers end, and this "
                            "one asks you to log in again."},
    "password.file_source": {
        "zh": "账号仍来自用户文件，密码只能由管理员修改。", "en": "Accounts still come from the users file: "
                                               "an administrator changes passwords there."},
    "password.none": {"zh": "您通过公司身份登录，没有本系统密码。",
                      "en": "You sign in with your company identity and have no password here."},
    "password.current": {"zh": "当前密码", "en": "Current password"},
    "password.new": {"zh": "新密码（至少 8 位）", "en": "New password (at least 8 characters)"},
    "password.repeat": {"zh": "再次输入新密码", "en": "New password again"},
    "password.submit": {"zh": "修改密码", "en": "Change password"},
    "password.changed": {"zh": "密码已修改。", "en": "Password changed."},
    # --- waiting for access -------------------------------------------------------------
    "accounts.waiting_title": {"zh": "等待授权", "en": "Waiting for access"},
    "accounts.waiting": {
        "zh": "您好，{name}！您的账号已创建，但尚未分配角色。管理员授权后刷新本页即可使用。",
        "en": "Hello {name}! Your account exists but has no role yet. Once an administrator "
              "gives you access, reload this page."},
    # --- audit --------------------------------------------------------------------------
    "audit.action.account.add": {"zh": "添加账号", "en": "Account added"},
    "audit.action.account.roles": {"zh": "修改角色", "en": "Roles changed"},
    "audit.action.account.departments": {"zh": "修改负责部门", "en": "Departments changed"},
    "audit.action.account.disable": {"zh": "停用账号", "en": "Account disabled"},
    "audit.action.account.enable": {"zh": "启用账号", "en": "Account enabled"},
    "audit.action.account.profile": {"zh": "修改账号资料", "en": "Account profile changed"},
    "audit.action.account.password_reset": {"zh": "管理员重置密码", "en": "Password reset by an admin"},
    "audit.action.account.password_change": {"zh": "用户修改密码", "en": "Password changed by the user"},
    "audit.action.account.import": {"zh": "导入用户文件", "en": "Users file imported"},
    "audit.action.account.sign_in_refused": {"zh": "登录被拒绝", "en": "Sign-in refused"},
    # --- the login page: identity provider and WeCom -------------------------------------
    "signin.oidc": {"zh": "使用公司账号登录", "en": "Sign in with the company account"},
    "signin.oidc_other": {"zh": "换一个公司账号", "en": "Use another company account"},
    "signin.oidc_as": {"zh": "公司身份：{who}", "en": "Company identity: {who}"},
    "signin.oidc_not_configured": {
        "zh": "公司账号登录已开启，但尚未配置：请管理员在 .streamlit/secrets.toml 中填写 [auth]。",
        "en": "Company sign-in is on but not configured: an administrator fills in [auth] in "
              ".streamlit/secrets.toml."},
    "signin.wecom": {"zh": "使用企业微信登录", "en": "Sign in with WeCom"},
    "signin.wecom_not_configured": {
        "zh": "企业微信登录已开启，但缺少配置：{variables}。请联系管理员。",
        "en": "WeCom sign-in is on but these settings are missing: {variables}. Ask an "
              "administrator."},
    "signin.refused.unknown": {
        "zh": "您的账号尚未开通本系统的访问权限，请联系管理员添加。",
        "en": "Your account has no access to this dashboard yet. Please ask an administrator "
              "to add you."},
    "signin.refused.disabled": {"zh": "您的账号已被停用，如有疑问请联系管理员。",
                                "en": "Your account is disabled. Ask an administrator if this "
                                      "is unexpected."},
    "signin.refused.state": {
        "zh": "登录链接已失效或不是由本系统发起（可能已使用过或超过 10 分钟），请重新点击登录。",
        "en": "This sign-in link has expired or did not come from this dashboard (used "
              "before, or older than 10 minutes). Please start the sign-in again."},
    "signin.refused.code": {"zh": "企业微信未确认此次登录，请重新登录。",
                            "en": "WeCom did not confirm this sign-in. Please try again."},
    "signin.refused.not_member": {"zh": "只有本企业成员可以登录。",
                                  "en": "Only members of the company can sign in."},
    "signin.refused.unavailable": {"zh": "暂时无法连接企业微信，请稍后再试。",
                                   "en": "WeCom cannot be reached right now. Please try again "
                                         "in a moment."},
    "signin.refused.config": {"zh": "企业微信登录配置有误，请联系管理员。",
                              "en": "WeCom sign-in is misconfigured. Ask an administrator."},
    "signin.refused.no_identity": {
        "zh": "身份提供方未提供可识别的身份（邮箱或 sub），请联系管理员。",
        "en": "The identity provider sent no identity this dashboard can use (email or sub). "
              "Ask an administrator."},
    "signin.refused.unverified": {"zh": "您的邮箱在身份提供方尚未验证，无法登录。",
                                  "en": "Your e-mail address is not verified by the identity "
                                        "provider, so you cannot sign in."},
}
