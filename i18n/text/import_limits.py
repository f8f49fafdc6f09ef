"""Imports under hostile or careless input and faults (issue 18): implausible dates, capped
problem lists, oversized workbooks, the upload's worker process, a database file that
cannot take writes."""

TEXT: dict[str, dict[str, str]] = {
    "import_limits.date_range": {
        "zh": "超出合理日期范围（{first} 至 {last}），请检查年份（范围由设置 import.earliest_date / "
              "import.latest_days_ahead 决定）",
        "en": "is outside the plausible range, {first} to {last}; check the year (the range is "
              "the setting import.earliest_date / import.latest_days_ahead)"},
    "import_limits.more": {
        "zh": "同类问题另有 {more} 处（每个文件每列只列出前 {per} 处）",
        "en": "and {more} more problems like these (only the first {per} of each file and "
              "column are listed)"},
    "import_limits.capped": {
        "zh": "问题太多：每个文件每列只列出前 {per} 处，其余只计数。可下载完整列表。",
        "en": "Too many problems to list them all: the first {per} of each file and column are "
              "listed, the rest counted. The full list is in the download."},
    "import_limits.too_many_rows": {
        "zh": "行数超过 {rows} 行，超出 Excel 工作表的上限；之后的内容未检查。如此大量的数据请用 CSV 导入",
        "en": "has more than {rows} rows, more than Excel allows in a sheet; nothing after it "
              "was checked - import such data as CSV"},
    "import_limits.memory": {
        "zh": "文件太大，在导入可用的内存（{mb} MB，设置 import.worker_memory_mb）内无法检查完毕；"
              "没有导入任何数据。请拆分为较小的文件",
        "en": "is too large to be checked within the memory an import may use ({mb} MB, the "
              "setting import.worker_memory_mb); nothing was imported - split it into smaller "
              "files"},
    "import_limits.worker": {
        "zh": "导入进程意外终止（{how}），没有导入任何数据。请把文件发给看板管理员",
        "en": "could not be imported: the import's worker process stopped ({how}); nothing was "
              "imported - please send the file to the dashboard's administrator"},
    "import_limits.db_missing": {
        "zh": "数据库文件 {path} 在看板运行期间被删除或移走；为免数据丢失，没有写入任何内容。请恢复该文件并重启看板",
        "en": "the database file {path} is gone (deleted or moved) since the dashboard opened "
              "it; nothing was written, since it would be lost - restore the file and restart "
              "the dashboard"},
    "import_limits.db_replaced": {
        "zh": "数据库文件 {path} 在看板运行期间被另一个文件替换；没有写入任何内容。请重启看板以使用新文件",
        "en": "the database file {path} was replaced by another file since the dashboard "
              "opened it; nothing was written - restart the dashboard to use the new file"},
    "import_limits.db_read_only": {
        "zh": "数据库文件 {path} 为只读（文件权限、不可修改标记或只读磁盘）；没有写入任何内容。请恢复其可写状态",
        "en": "the database file {path} is read-only (file permissions, an immutable flag or "
              "a read-only disk); nothing was written - make it writable again"},
    "data.status.running": {"zh": "进行中", "en": "Running"},
    "data.status.failed": {"zh": "失败", "en": "Failed"},
}
