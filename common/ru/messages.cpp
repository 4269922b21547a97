#include "common/ru/messages.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crm::common::ru {
namespace {

// The catalogue. Keys are the services' English texts exactly as written (tools/l10n-coverage
// reads them from the sources); {0}, {1}, ... are the values of a text built with them.
constexpr MessageEntry kCatalogue[] = {
    // Common request rules (common/api, common/core).
    {"is required", "Обязательное поле"},
    {"must be set", "Обязательное поле"},
    {"must not be negative", "Не может быть отрицательным"},
    {"must be valid UTF-8 text", "Текст содержит недопустимые символы (нужна кодировка UTF-8)"},
    {"must be UTF-8 text", "Текст содержит недопустимые символы (нужна кодировка UTF-8)"},
    {"must not contain control characters", "Не должно содержать служебных символов"},
    {"must not contain control characters (line breaks and tabs included)",
     "Должно быть в одну строку: без переносов строк, табуляции и служебных символов"},
    {"must be at most {0} characters", "Не длиннее {0} символов"},
    {"must be at most {0} bytes", "Слишком длинный текст: не более {0} байт"},
    {"must be a full calendar date that exists (year 1-9999, month 1-12, a valid day)",
     "Укажите существующую дату полностью: день, месяц и год"},
    {"is required: the etag of the resource as last read",
     "Не передана версия записи: обновите страницу и повторите"},
    {"{0} has changed (etag {1}, not {2}); read it again and retry",
     "Запись {0} уже изменил кто-то другой: обновите страницу и повторите"},
    {"request_id \"{0}\" was used by an earlier {1} request with another body; send a new "
     "request_id for a new request, or repeat the earlier request exactly",
     "Этот запрос уже был отправлен с другими данными: обновите страницу и повторите"},
    {"is not a page token issued for this list, caller and filters",
     "Список изменился: откройте его заново с первой страницы"},
    {"is not a page token of this list with these filters",
     "Список изменился: откройте его заново с первой страницы"},
    {"must be printable text of at most {0} characters (a UUID)",
     "Некорректный идентификатор запроса (не более {0} символов)"},
    {"must name at least one field to change (or \"*\" for all of them)",
     "Не указано, какие поля изменить"},
    {"\"*\" stands for every updatable field: it comes alone",
     "«*» означает все поля сразу и указывается без других полей"},
    {"\"{0}\" is not an updatable field (updatable: {1})",
     "Поле «{0}» изменить нельзя (можно изменить: {1})"},
    {"\"{0}\" {1}", "Поле «{0}»: {1}"},
    {"is output only", "Заполняется системой, изменить нельзя"},
    {"is immutable", "Не меняется после создания"},
    {"{0} not found", "Не найдено: {0}"},
    {"must be a phone number: 5 to 20 digits with optional '+', spaces, parentheses and dashes",
     "Введите номер телефона: от 5 до 20 цифр, можно со знаком «+», пробелами, скобками и "
     "дефисами"},
    {"must be an e-mail address like name@example.ru",
     "Введите адрес эл. почты, например name@example.ru"},
    {"database unavailable; retry later", "База данных недоступна: повторите позже"},
    {"concurrent update; retry", "Запись одновременно изменили: повторите"},
    {"deadline exceeded while querying the database",
     "Сервер не успел ответить: повторите или сузьте запрос"},
    {"internal error", "Внутренняя ошибка сервера"},

    // Access (common/auth, common/grpc). The words after them are values of these texts.
    {"a sales manager may {0} only their own {1}",
     "Менеджер по продажам может {0} только свои записи (раздел «{1}»)"},
    {"a sales manager may {0} only the clients they curate",
     "Менеджер по продажам может {0} только клиентов, которых он ведёт"},
    {"a head of sales may {0} only the {1} of their own department",
     "Руководитель отдела продаж может {0} только записи своего отдела (раздел «{1}»)"},
    {"this role has no access to {0}", "У вашей роли нет доступа к разделу «{0}»"},
    {"this role may not {0} {1}", "Вашей роли нельзя {0} записи раздела «{1}»"},
    {"see", "просматривать"},
    {"create", "создавать"},
    {"change", "изменять"},
    {"tasks", "Задачи"},
    {"sales", "Продажи"},
    {"documents", "Документы"},
    {"reports", "Отчёты"},
    {"clients", "Клиенты"},
    {"budgets", "Бюджеты"},
    {"sales plans", "Планы продаж"},
    {"forecasts", "Прогнозы"},
    {"records", "Записи"},
    // States and actions named inside other texts (the services' enum texts).
    {"free", "свободен"},
    {"held", "забронирован"},
    {"sold", "продан"},
    {"blocked", "заблокирован"},
    {"linear", "линейный"},
    {"corner", "угловой"},
    {"peninsula", "полуостров"},
    {"island", "остров"},
    {"open_area", "открытая площадка"},
    {"OPEN", "открыта"},
    {"IN_PROGRESS", "в работе"},
    {"DONE", "выполнена"},
    {"DECLINED", "отклонена"},
    {"planned", "планируется"},
    {"open_for_sales", "продажи открыты"},
    {"running", "идёт"},
    {"closed", "завершена"},
    {"cancelled", "отменена"},
    {"CONTACT_STATE_COMPLETED", "завершена"},
    {"CONTACT_STATE_CANCELLED", "отменена"},
    {"accepted", "принято"},
    {"rejected", "отклонено"},
    {"{0} requires a CRM role; the token carries none of them",
     "У вашей учётной записи нет роли в CRM: обратитесь к администратору"},
    {"{0} requires one of the roles: {1}", "Недостаточно прав: нужна одна из ролей {1}"},
    {"{0} is not in the access policy; nobody may call it",
     "Операция {0} закрыта для всех: её нет в таблице прав доступа"},

    // Company requisites (common/ru/requisites).
    {"INN must be 10 or 12 digits", "ИНН состоит из 10 цифр (организация) или 12 цифр (ИП)"},
    {"INN checksum does not match", "Неверный ИНН: не сходится контрольное число"},
    {"OGRN must be 13 digits (OGRNIP: 15 digits)", "ОГРН состоит из 13 цифр, ОГРНИП — из 15 цифр"},
    {"OGRN checksum does not match", "Неверный ОГРН: не сходится контрольная цифра"},
    {"OGRNIP checksum does not match", "Неверный ОГРНИП: не сходится контрольная цифра"},
    {"BIK must be exactly 9 digits", "БИК состоит ровно из 9 цифр"},
    {"BIK must start with 04 (the Russian Federation code)",
     "БИК российского банка начинается с 04"},
    {"{0} must be exactly 20 digits", "{0}: нужно ровно 20 цифр"},
    {"{0} cannot be checked: {1}", "{0}: проверить нельзя, пока не исправлен БИК ({1})"},
    {"{0} control key does not match the BIK", "{0}: номер счёта не соответствует БИК банка"},
    {"Settlement account", "Расчётный счёт"},
    {"Correspondent account", "Корреспондентский счёт"},
    {"KPP must be 9 characters: 4 digits, 2 digits or uppercase Latin letters, 3 digits",
     "КПП состоит из 9 символов: 4 цифры, затем 2 цифры или заглавные латинские буквы, затем 3 "
     "цифры"},
    {"must be 10 or 12 digits", "ИНН состоит из 10 или 12 цифр"},
    {"must be 9 characters", "КПП состоит из 9 символов"},
    {"must be 20 digits", "Нужно ровно 20 цифр"},
    {"must be 6 digits", "Индекс состоит из 6 цифр"},
    {"must be the two-digit code of a federal subject, e.g. 63 (Самарская область)",
     "Укажите двузначный код региона, например 63 (Самарская область)"},
    {"must be a 13-digit OGRN for a legal entity", "У организации ОГРН из 13 цифр"},
    {"must be a 13-digit OGRN for a legal entity (10-digit INN)",
     "У организации (ИНН из 10 цифр) ОГРН состоит из 13 цифр"},
    {"must be a 15-digit OGRNIP for a sole trader", "У ИП ОГРНИП из 15 цифр"},
    {"must be a 15-digit OGRNIP for a sole trader (12-digit INN)",
     "У ИП (ИНН из 12 цифр) ОГРНИП состоит из 15 цифр"},
    {"is required for a legal entity (10-digit INN)",
     "Обязательно для организации (ИНН из 10 цифр)"},
    {"must be empty for a sole trader (12-digit INN)",
     "У ИП (ИНН из 12 цифр) это поле не заполняется"},
    {"is not a known legal form", "Неизвестная организационно-правовая форма"},
    {"must be IP or KFH for a 12-digit INN (a person)",
     "При ИНН из 12 цифр форма может быть только ИП или КФХ"},
    {"cannot be IP or KFH for a 10-digit INN (an organisation)",
     "При ИНН из 10 цифр (организация) форма не может быть ИП или КФХ"},
    {"only an organisation (10-digit INN) has branches",
     "Филиалы бывают только у организации (ИНН из 10 цифр)"},
    {"cannot be changed: a company with another INN is another client",
     "ИНН изменить нельзя: компания с другим ИНН — это другой клиент"},
    {"cannot change: another legal entity is another issuer",
     "Изменить нельзя: другое юридическое лицо — это другой продавец"},

    // Clients, contact persons, groups and the registry's other records.
    {"must be a resource name like {0}", "Некорректная ссылка на запись (ожидается {0})"},
    {"must be a resource name like {0}/{uuid}", "Некорректная ссылка на запись ({0})"},
    {"must be a resource name like clients/{uuid}", "Некорректная ссылка на клиента"},
    {"must be a resource name like clients/{uuid}/contactPersons/{uuid}",
     "Некорректная ссылка на контактное лицо"},
    {"must be a resource name like clients/{uuid}/contactPersons/{uuid}, or empty",
     "Некорректная ссылка на контактное лицо (или оставьте поле пустым)"},
    {"must be a resource name like clients/{uuid}/contactPersons/{uuid}, projects/{uuid}, "
     "projects/{uuid}/editions/{uuid} or groups/{uuid}",
     "Историю можно посмотреть у контактного лица, проекта, выставки или группы"},
    {"must be a resource name like clients/{uuid}/curators/{uuid}",
     "Некорректная ссылка на закрепление менеджера"},
    {"must be a resource name like clients/{uuid}/participations/{uuid}",
     "Некорректная ссылка на участие в выставке"},
    {"must be a resource name like employees/{uuid}", "Некорректная ссылка на сотрудника"},
    {"must be a resource name like imports/{uuid}", "Некорректная ссылка на импорт"},
    {"must be a resource name like merges/{uuid}", "Некорректная ссылка на объединение клиентов"},
    {"must be a resource name like projects/{uuid} or projects/{uuid}/editions/{uuid}",
     "Некорректная ссылка на проект или выставку"},
    {"must be a resource name like projects/{uuid}/editions/{uuid}",
     "Некорректная ссылка на выставку"},
    {"must be a resource name like projects/{uuid}/teamMembers/{uuid}",
     "Некорректная ссылка на участника команды проекта"},
    {"is not a code of the industry classifier", "Такой отрасли нет в справочнике"},
    {"must list at most {0} codes", "Не более {0} кодов"},
    {"repeats another code of the list", "Этот код уже указан"},
    {"must be an OKVED 2 code like 41, 41.2, 41.20, 41.20.1 or 01.11.11",
     "Код ОКВЭД 2 пишется так: 41, 41.2, 41.20, 41.20.1 или 01.11.11"},
    {"is not a known lead source", "Неизвестный источник клиента"},
    {"cannot be the client itself", "Клиент не может быть собственным филиалом"},
    {"is a branch of this client: that would make a cycle",
     "Это филиал самого клиента: получится замкнутый круг"},
    {"give the name query either here or in filter.query, not both",
     "Укажите название для поиска в одном месте, а не в двух"},
    {"give the INN either here or in filter.inn, not both",
     "Укажите ИНН для поиска в одном месте, а не в двух"},
    {"RELEVANCE needs a name query",
     "Сортировка по релевантности работает только при поиске по названию"},
    {"is not a known order", "Неизвестный порядок сортировки"},
    {"must hold at least 2 characters of a name besides legal-form words and quotes",
     "Введите хотя бы 2 символа названия (без «ООО», «ИП» и кавычек)"},
    {"must be a year between 1900 and 2200", "Год должен быть от 1900 до 2200"},
    {"must list at most {0} values", "Не более {0} значений"},
    {"must list at most {0} phones", "Не более {0} телефонов"},
    {"repeats another phone of the list", "Этот телефон уже указан"},
    {"must list at most {0} e-mail addresses", "Не более {0} адресов эл. почты"},
    {"repeats another e-mail address of the list", "Этот адрес эл. почты уже указан"},
    {"must list at most {0} bank accounts", "Не более {0} банковских счетов"},
    {"repeats another bank account of the list", "Этот счёт уже указан"},
    {"a person who left the company cannot be the main contact",
     "Уволившийся сотрудник клиента не может быть основным контактом"},
    {"must be a stand type (linear, corner, ...)",
     "Укажите тип стенда (линейный, угловой и т. д.)"},
    {"is priced twice", "Цена для этого типа стенда указана дважды"},
    {"must be a positive number of kopecks up to 100000000000",
     "Цена должна быть больше нуля и не больше 1 млрд ₽"},
    {"must be a positive number of kopecks", "Цена должна быть больше нуля"},
    {"must be at most 100000000000 kopecks (1 billion RUB per square metre)",
     "Не более 1 млрд ₽ за квадратный метр"},
    {"is required when the other date is given", "Укажите обе даты или ни одной"},
    {"must not be before the start date", "Не может быть раньше даты начала"},
    {"is not a known periodicity", "Неизвестная периодичность"},
    {"must be planned, open for sales, running, closed or cancelled",
     "Статус выставки: планируется, продажи открыты, идёт, завершена или отменена"},
    {"must be empty for one of our editions: its year is taken",
     "Для нашей выставки не заполняется: год берётся из выставки"},
    {"one of edition or competitor_exhibition is required",
     "Укажите нашу выставку или выставку конкурента"},
    {"must be between 0 and 10000000 dm² (100 000 m²)", "Площадь — от 0 до 100 000 м²"},
    {"must be a group kind (geography, industry, ..., other)",
     "Укажите вид группы (география, отрасль, …, прочее)"},
    {"must be a group kind or unspecified", "Неизвестный вид группы"},
    {"must name at least one client", "Выберите хотя бы одного клиента"},
    {"must name at most 1000 clients per request", "За один раз — не более 1000 клиентов"},
    {"must hold at least one condition; an empty filter matches every client",
     "Задайте хотя бы одно условие: пустому фильтру соответствуют все клиенты"},
    {"must be a proposal state or unspecified", "Неизвестное состояние предложения"},
    {"must name at most 100 groups", "Не более 100 групп"},
    {"must name at most {0} fields", "Не более {0} полей"},
    {"must be a field of the client, like phone or legal_address",
     "Укажите поле карточки клиента, например телефон или юридический адрес"},
    {"is named twice", "Указано дважды"},
    {"is not a known verification reason", "Неизвестная причина проверки"},
    {"give at least one of display_name, legal_name, inn, phone, email",
     "Заполните хотя бы одно: название, юридическое название, ИНН, телефон или эл. почту"},
    {"name at least one client to merge into the survivor",
     "Выберите хотя бы одного клиента для объединения"},
    {"merge at most {0} clients at once", "За один раз можно объединить не более {0} клиентов"},
    {"is the survivor itself", "Это и есть основная карточка объединения"},
    {"must be 1 to {0} clients (0 for {1})", "От 1 до {0} клиентов (0 — {1})"},
    {"must be {0} to 100 (0 for {1})", "От {0} до 100 (0 — {1})"},
    {"must be a version of the resource (1 or more)", "Номер версии — 1 или больше"},
    {"must be a team role (LEAD, SALES_MANAGER, COORDINATOR or ANALYST)",
     "Укажите роль в команде: руководитель, менеджер по продажам, координатор или аналитик"},
    {"must be a contact person of {0}", "Это контактное лицо другого клиента, а не {0}"},
    {"must not be the employee who leaves", "Нельзя передать клиентов увольняющемуся сотруднику"},
    {"must be one of sales_manager, sales_head, analyst, accountant, admin",
     "Роль: менеджер по продажам, руководитель отдела продаж, аналитик, бухгалтер или "
     "администратор"},
    {"must be MAILING_EXPORT_FORMAT_CSV or MAILING_EXPORT_FORMAT_LABELS_PDF",
     "Формат выгрузки: CSV или наклейки в PDF"},
    {"name at least one row number or client of the export",
     "Укажите хотя бы одну строку или клиента выгрузки"},
    {"name at most {0} rows and clients per request",
     "За один раз — не более {0} строк и клиентов"},
    {"must be a row number of the export (1 or more)", "Номер строки выгрузки — 1 или больше"},
    {"is not a row of {0}", "Такой строки нет в выгрузке {0}"},
    {"is not a recipient of {0}", "Этого клиента нет среди получателей {0}"},
    {"must be the two-digit code of a federal subject", "Укажите двузначный код региона"},
    {"must be a federal district code such as VOLGA or CENTRAL", "Неизвестный федеральный округ"},
    {"must be a verification state other than UNSPECIFIED", "Выберите состояние проверки"},
    {"must be a legal form other than UNSPECIFIED", "Выберите организационно-правовую форму"},
    {"must be a resource name like groups/{uuid}", "Некорректная ссылка на группу"},
    {"must be a resource name like competitorExhibitions/{uuid}",
     "Некорректная ссылка на выставку конкурента"},
    {"must be a resource name like projects/{uuid}", "Некорректная ссылка на проект"},
    {"names no client: {0}", "Клиент не найден: {0}"},
    {"names a deleted client: {0}", "Клиент удалён: {0}"},
    {"must have the same INN as its branch ({0}), not {1}",
     "ИНН должен совпадать с ИНН головной организации ({0}), а указан {1}"},
    {"names no department: {0}", "Отдел не найден: {0}"},
    {"names no employee: {0}", "Сотрудник не найден: {0}"},
    {"names no group: {0}", "Группа не найдена: {0}"},
    {"names nothing that exists: {0}", "Такой записи нет: {0}"},
    {"must be one of {0}", "Допустимые значения: {0}"},

    // Client import (registry).
    {"is required: the stream was empty", "Файл не передан"},
    {"must be sent once, in the first message only", "Настройки импорта передаются один раз"},
    {"must be at most 1 MiB per message", "Не более 1 МБ за одну часть файла"},
    {"the file exceeds {0} MiB; split it into several imports",
     "Файл больше {0} МБ: разбейте его на несколько частей"},
    {"is required: map at least the INN and a name column to client fields",
     "Сопоставьте с полями клиента хотя бы столбцы ИНН и названия"},
    {"the file has no column \"{0}\"", "В файле нет столбца «{0}»"},
    {"\"{0}\" is mapped more than once", "Столбец «{0}» сопоставлен несколько раз"},
    {"must map a column to \"inn\": clients are matched by INN and KPP",
     "Укажите столбец с ИНН: клиенты сверяются по ИНН и КПП"},
    {R"(must map a column to "display_name" or "legal_name")",
     "Укажите столбец с названием или юридическим названием"},
    {"must be between 1 and {0} (0 for the default)", "От 1 до {0} (0 — по умолчанию)"},
    {"is not a row outcome", "Неизвестный результат строки"},
    {"is required in the first message, before the file's chunks",
     "Настройки импорта передаются перед файлом"},
    {"is required: CSV or XLSX", "Укажите формат файла: CSV или XLSX"},
    {"an XLSX workbook has no text encoding or delimiter; leave them unset",
     "Для файла XLSX кодировку и разделитель не указывают"},
    {"is not a known encoding", "Неизвестная кодировка"},
    {"is not a known delimiter", "Неизвестный разделитель"},
    {"is not a known policy", "Неизвестный режим"},
    {"the file is empty: send its bytes after the settings", "Файл пустой"},
    {"the file has no header row", "В файле нет строки заголовков"},
    {"the file has a header but no data rows", "В файле есть заголовки, но нет данных"},
    {"row {0}, {1}: {2}", "Строка {0}, {1}: {2}"},
    {R"(row {0}, {1}: "{2}" {3})", "Строка {0}, {1}: «{2}» — {3}"},
    {"the header names the column {0} twice", "Столбец {0} встречается в заголовке дважды"},
    {"the header names the column {0} twice (columns {1} and {2})",
     "Столбец {0} встречается в заголовке дважды (столбцы {1} и {2})"},
    {"the header has no column {0}", "В заголовке нет столбца {0}"},
    {"the import {0} is being run by another request; watch it with GetImport and retry later",
     "Импорт {0} уже выполняется: дождитесь его окончания и повторите"},
    // An import row's notes (ImportRowProblem.message): what the run found for the row.
    {"matches a deleted client; undelete it to import into it",
     "Совпадает с удалённым клиентом: восстановите его, чтобы загрузить в него строку"},
    {"a client with this INN and KPP was created meanwhile; run the import again",
     "Клиент с такими ИНН и КПП появился во время импорта: запустите импорт ещё раз"},
    {"probable duplicate of {0} \"{1}\" ({2}, score {3}); merge the records or correct the row",
     "Вероятный дубликат клиента «{1}» ({2}, сходство {3}): объедините записи или исправьте "
     "строку"},
    // The reasons of a probable duplicate, listed in the note by ", ".
    {"same INN and KPP", "те же ИНН и КПП"},
    {"same INN", "тот же ИНН"},
    {"same name", "похожее название"},
    {"same phone", "тот же телефон"},
    {"same e-mail", "тот же e-mail"},
    {"{0}, same INN and KPP", "{0}, те же ИНН и КПП"},
    {"{0}, same INN", "{0}, тот же ИНН"},
    {"{0}, same name", "{0}, похожее название"},
    {"{0}, same phone", "{0}, тот же телефон"},
    {"{0}, same e-mail", "{0}, тот же e-mail"},

    // Registry: states and rights.
    {"the client {0} is deleted; undelete it before editing",
     "Клиент {0} удалён: сначала восстановите его"},
    {"the client {0} is deleted; undelete it before restoring",
     "Клиент {0} удалён: сначала восстановите его"},
    {"the client {0} is already deleted", "Клиент {0} уже удалён"},
    {"the client {0} is not deleted", "Клиент {0} не удалён"},
    {"the client {0} is deleted", "Клиент {0} удалён"},
    {"the client {0} is deleted or merged into another",
     "Клиент {0} удалён или объединён с другим"},
    {"the client {0} already has a primary contact person; unmark that one first",
     "У клиента {0} уже есть основное контактное лицо: сначала снимите отметку с него"},
    {"the contact person {0} is already deleted", "Контактное лицо {0} уже удалено"},
    {"the contact person {0} is not deleted", "Контактное лицо {0} не удалено"},
    {"the contact person {0} is deleted; undelete it first",
     "Контактное лицо {0} удалено: сначала восстановите его"},
    {"the client has no version {0}", "У клиента нет версии {0}"},
    {"the client already has the values of version {0}",
     "Данные клиента уже совпадают с версией {0}"},
    {"the client already has this participation: {0}", "Это участие у клиента уже есть: {0}"},
    {"{0} is a personal group; target groups are shared groups",
     "{0} — личная группа, а целевыми бывают только общие группы"},
    {"{0} is not a group of kind TARGET_GROUP", "{0} — не целевая группа"},
    {"only analysts create shared groups; keep a personal one",
     "Общие группы создают аналитики: создайте личную группу"},
    {"only analysts edit the shared group {0}", "Общую группу {0} изменяют только аналитики"},
    {"only analysts create shared mailing selections; keep a personal one",
     "Общие выборки для рассылок создают аналитики: создайте личную"},
    {"only analysts edit the shared selection {0}", "Общую выборку {0} изменяют только аналитики"},
    {"the filter of {0} is no longer valid; update it first",
     "Фильтр выборки {0} устарел: сначала обновите его"},
    {"a client with INN {0} and KPP {1} already exists: {2}",
     "Клиент с ИНН {0} и КПП {1} уже есть в базе: {2}"},
    {"a client with INN {0} already exists: {1}", "Клиент с ИНН {0} уже есть в базе: {1}"},
    {"an employee with e-mail {0} already exists: {1}",
     "Сотрудник с адресом эл. почты {0} уже есть: {1}"},
    {"another curator was assigned at the same moment; read the client's curators and retry",
     "Одновременно был назначен другой менеджер: обновите страницу и повторите"},
    {"the term {0} has already ended", "Закрепление {0} уже завершено"},
    {"{0} has already left", "{0} уже уволен(а)"},
    {"must name at least one successor: {0} curates {1} client terms",
     "Укажите, кому передать клиентов: у сотрудника {0} закреплений клиентов — {1}"},
    {"{0} ({1}) has left and cannot curate clients",
     "{0} ({1}) уволен(а) и не может вести клиентов"},
    {"only admins change an employee's system roles",
     "Роли сотрудника в системе меняет только администратор"},
    {"{0} still has {1} employees; move them to another department first",
     "В отделе {0} ещё есть сотрудники ({1}): сначала переведите их в другой отдел"},
    {"{0} has left and joins no project team", "{0} уволен(а) и не может войти в команду проекта"},
    {"{0} has left", "{0} уволен(а)"},
    {"a department named \"{0}\" already exists", "Отдел «{0}» уже есть"},
    {"is output only: an admin moves an employee to another department with "
     "StaffService.SetEmployeeDepartment",
     "Переводит сотрудника в другой отдел администратор"},
    {"only analysts and heads of sales edit projects and editions",
     "Проекты и выставки изменяют только аналитики и руководители отделов продаж"},
    {"an edition cannot go from {0} to {1}",
     "Выставку нельзя перевести из статуса «{0}» в статус «{1}»"},
    {"the group has been deleted since", "Группа уже удалена"},
    {"the client is proposed for the group already and waits for an analyst",
     "Клиент уже предложен в эту группу и ждёт решения аналитика"},
    {"the client is deleted or merged", "Клиент удалён или объединён с другим"},
    {"only shared groups take proposals; edit your own group yourself",
     "Предлагать клиентов можно только в общие группы; свою группу измените сами"},
    {"the client is in the group already", "Клиент уже в этой группе"},
    {"only sales managers and heads of sales propose clients for groups",
     "Предлагать клиентов в группы могут менеджеры и руководители отделов продаж"},
    {"only analysts accept or reject group membership proposals",
     "Принимать и отклонять предложения могут только аналитики"},
    {"group membership proposals are read by analysts and sales",
     "Предложения в группы видят аналитики и отдел продаж"},
    {"sales staff see only their own group membership proposals",
     "Сотрудники отдела продаж видят только свои предложения в группы"},
    {"the proposal was {0} already", "Предложение уже {0}"},
    {"the survivor {0} was deleted or merged since; undo that first",
     "Основная карточка {0} с тех пор удалена или объединена: сначала отмените это"},
    {"a client of the merge is no longer merged into {0}; it cannot be restored by this undo",
     "Один из клиентов уже не объединён с {0}: отменить объединение нельзя"},
    {"the merge {0} is already undone", "Объединение {0} уже отменено"},
    {"the caller's roles do not read {0} records", "Вашей роли недоступна история: {0}"},
    {"an accountant may change requisites only (INN, KPP, OGRN, legal name, legal address and "
     "bank accounts), not {0}",
     "Бухгалтер может менять только реквизиты (ИНН, КПП, ОГРН, юридическое название, адрес и "
     "банковские счета), а не {0}"},
    {"a sales manager may change only the clients they curate; flag others for an analyst",
     "Менеджер может менять только своих клиентов; об ошибке в чужом сообщите аналитику"},
    {"this role may not change clients", "Вашей роли нельзя изменять клиентов"},
    {"only analysts and the client's responsible sales managers change its contact persons",
     "Контактные лица меняют аналитики и ответственные менеджеры клиента"},
    {"the client is verified and has nothing open to check",
     "Клиент уже проверен, проверять нечего"},
    {"the client is already rejected", "Клиент уже отклонён"},

    // Planning: contacts, tasks, redirects, calendar.
    {"must be a resource name of the form \"{0}/{uuid}\"", "Некорректная ссылка на запись ({0})"},
    {"must be a resource name of the form \"{0}/{uuid}/{1}/{uuid}\"",
     "Некорректная ссылка на запись ({0}/…/{1})"},
    {"must be a resource name of the form \"projects/{uuid}/editions/{uuid}{0}\"",
     "Некорректная ссылка на выставку"},
    {"must be a resource name of the form \"projects/{uuid}/editions/{uuid}/stands/{uuid}\"",
     "Некорректная ссылка на стенд"},
    {"must be of the form \"employees/{uuid}/calendarSettings\"",
     "Некорректная ссылка на настройки календаря"},
    {"must be a contact person of contact.client",
     "Контактное лицо должно относиться к клиенту контакта"},
    {"is not a known contact type", "Неизвестный вид контакта"},
    {"must be in the future", "Дата и время должны быть в будущем"},
    {"must hold exactly one outcome: sale, refusal, visit_refusal, invitation, manual_sent, "
     "reschedule or note",
     "Укажите один результат: продажа, отказ, отказ от посещения, приглашение, отправка "
     "мануала, перенос или заметка"},
    {"is required unless purpose_kind is set", "Укажите цель контакта"},
    {"is not a known purpose", "Неизвестная цель"},
    {"must be whole seconds from 0 to 7 days", "От 0 до 7 дней"},
    {"must be whole seconds from 0 to 30 days", "От 0 до 30 дней"},
    {"must hold at most {0} reminders", "Не более {0} напоминаний"},
    {"must set before_start or remind_time", "Укажите, когда напомнить"},
    {"must be a valid date in the years 2000 to 2099", "Укажите дату с 2000 по 2099 год"},
    {"must be a valid time in the years 2000 to 2099", "Укажите время с 2000 по 2099 год"},
    {"the task {0} is {1}; only a planned task can be changed or cancelled",
     "Задача {0} уже {1}: изменить или отменить можно только запланированную задачу"},
    {"the task {0} is {1}; only a planned task can be completed",
     "Задача {0} уже {1}: завершить можно только запланированную задачу"},
    {"is required when the caller is not an employee", "Обязательное поле"},
    {"must be DAY, WEEK or MONTH", "Период: день, неделя или месяц"},
    {"must be BASIC or FULL", "Вид: краткий или полный"},
    {"must name at least one manager", "Выберите хотя бы одного менеджера"},
    {"must differ from from_owner", "Нельзя передать задачи тому же менеджеру"},
    {"must be an IANA time zone such as Europe/Samara",
     "Укажите часовой пояс, например Europe/Samara"},
    {"\"{0}\" is not a time zone the server knows", "Часовой пояс «{0}» неизвестен"},
    {"a user sets only their own calendar settings",
     "Настройки календаря можно менять только свои"},
    {"is not a known scope", "Неизвестная область"},
    {"is required: SENT, RECEIVED or DEPARTMENT",
     "Укажите папку: отправленные, полученные или отдела"},
    {"is not a known status", "Неизвестный статус"},
    {"must be OPEN, IN_PROGRESS, DONE or DECLINED",
     "Статус: открыта, в работе, выполнена или отклонена"},
    {"is required: the caller has no department in planning",
     "Укажите отдел: вы не числитесь ни в одном отделе"},
    {"only the department's members see its queue", "Очередь отдела видят только его сотрудники"},
    {"a redirect is sent by an employee", "Переадресацию отправляет сотрудник"},
    {"a redirect is visible to its sender, its receiving side, their heads of sales and analysts",
     "Переадресацию видят отправитель, получатель, их руководители и аналитики"},
    {"exactly one of to_employee and to_department is required",
     "Укажите либо сотрудника, либо отдел"},
    {"is required when declining", "Укажите причину отклонения"},
    {"the redirect is {0}; it does not change", "Переадресация уже {0} и больше не меняется"},
    {"the redirect is already {0}", "Переадресация уже {0}"},
    {"only the receiving side (the addressee, the responsible person or the addressed "
     "department) works on a redirect",
     "С переадресацией работает только получатель: адресат, ответственный или отдел"},
    {"a redirect is claimed by an employee, whose task it becomes",
     "Взять переадресацию в работу может только сотрудник"},
    {"only a member or head of the addressed department (or the addressee) claims a redirect",
     "Взять переадресацию может адресат или сотрудник либо руководитель отдела-получателя"},
    {"the redirect is {0}; nobody claims it any more",
     "Переадресация уже {0}, взять её в работу нельзя"},
    {"the redirect already has a task of its responsible person; reassign the task instead",
     "По переадресации уже есть задача ответственного: передайте эту задачу"},
    {"{0} was already completed at {1}; a contact is completed once (plan a new contact "
     "instead)",
     "Контакт {0} уже завершён ({1}): запланируйте новый контакт"},
    {"{0} is about no edition (a redirect's task); set its edition (UpdateContact) before "
     "recording a sale",
     "У контакта {0} не указана выставка: укажите её, прежде чем записать продажу"},
    {"{0} was deleted in the registry: it takes no new tasks, redirects or sales (its open tasks "
     "stay)",
     "{0} удалён(а): новые задачи, переадресации и продажи по нему не создаются"},
    {"{0} was deleted in the registry: name another contact person or none",
     "Контактное лицо {0} удалено: выберите другое или не указывайте"},

    // Planning: assessments, results, refusal reasons.
    {"is not a known rating target", "Неизвестный объект оценки"},
    {"is required: COLD, COOL, WARM or HOT",
     "Укажите теплоту клиента: холодный, прохладный, тёплый или горячий"},
    {"must be COLD, COOL, WARM or HOT",
     "Теплота клиента: холодный, прохладный, тёплый или горячий"},
    {"is required: a known lead source", "Укажите источник клиента"},
    {"must be one line", "Должно быть в одну строку"},
    {"must be empty for the company", "Для оценки компании не заполняется"},
    {"is required: MANAGER, PROJECT or COMPANY",
     "Укажите, что оценивается: менеджер, проект или компания"},
    {"must be MANAGER, PROJECT or COMPANY", "Оценивается менеджер, проект или компания"},
    {"is given without price_per_m2", "Указано без цены за м²"},
    {"is not an entry of the refusal reason catalogue", "Такой причины отказа нет в справочнике"},
    {"must be a reason for refusing to visit", "Выберите причину отказа от посещения"},
    {"must be a reason for refusing to take part", "Выберите причину отказа от участия"},
    {"is deactivated; pick an active reason",
     "Эта причина больше не используется: выберите другую"},
    {"does not match refusal_reason; give one of the two",
     "Не совпадает с причиной из справочника: укажите что-то одно"},
    {"is required: PARTICIPATION or VISIT", "Укажите: отказ от участия или от посещения"},
    {"is not a known refusal reason", "Неизвестная причина отказа"},
    {"is required: a catalogue refusal_reason or the reason enum", "Укажите причину отказа"},
    {"must name at least one visitor", "Укажите хотя бы одного посетителя"},
    {"must name at most {0} visitors", "Не более {0} посетителей"},
    {"is required: marketing or technical", "Укажите мануал: маркетинговый или технический"},
    {"is not a known manual", "Неизвестный мануал"},
    {"is required: how the manual was sent", "Укажите, как отправлен мануал"},
    {"is not a known delivery channel", "Неизвестный способ отправки"},
    {"changes with :deactivate and :reactivate, not with an update",
     "Включается и отключается отдельной кнопкой, а не при редактировании"},

    // Planning: sales, stands, pricing.
    {"is not a known stand type", "Неизвестный тип стенда"},
    {"is required: LINEAR, CORNER, PENINSULA, ISLAND or OPEN_AREA",
     "Укажите тип стенда: линейный, угловой, полуостров, остров или открытая площадка"},
    {"is required: a CSV file or an xlsx workbook", "Приложите файл CSV или XLSX"},
    {"must be at most 16 MiB", "Файл не больше 16 МБ"},
    {"is not a known file format", "Неизвестный формат файла"},
    {"is not a known stand status", "Неизвестный статус стенда"},
    {"must be between 0 and {0}", "От 0 до {0}"},
    {"must be after start_time", "Конец периода должен быть позже начала"},
    {"{0} was cancelled; a cancelled sale does not change",
     "Продажа {0} отменена и больше не меняется"},
    {"{0} is not waiting for approval; it already counts",
     "Продажа {0} не ждёт согласования: она уже учтена"},
    {"the edition has no price per m²; a sale cannot be priced without {0}.price_per_m2",
     "У выставки не задана цена за м²: укажите цену за м² в продаже"},
    {"the price is {0}% below the list, beyond the edition's limit of {1}%; a head of sales "
     "must make this change",
     "Цена ниже прайса на {0}%, а допустимо не более {1}%: такое изменение вносит руководитель "
     "отдела продаж"},
    {"stand {0} is not on the edition's floor plan", "Стенда {0} нет на плане выставки"},
    {"stand {0} has {1} dm²; leave the area out to take the stand's",
     "Площадь стенда {0} — {1} дм²: не указывайте площадь, она берётся из плана"},
    {"stand {0} is {1}; leave the type out to take the stand's",
     "Стенд {0} — {1}: не указывайте тип, он берётся из плана"},
    {"is required (the edition has no stand inventory to take it from)",
     "Обязательное поле: у выставки нет плана стендов"},
    {"row {0}: stand {1} is {2}; its type and area cannot change",
     "Строка {0}: стенд {1} {2}, его тип и площадь менять нельзя"},
    {"row {0}: stand {1} is {2} ({3}); its type and area cannot change",
     "Строка {0}: стенд {1} {2} ({3}), его тип и площадь менять нельзя"},
    {"stand {0} is {1}; its type and area change only when it is free or blocked",
     "Стенд {0} {1}: тип и площадь меняются только у свободного или заблокированного стенда"},
    {"stand {0} is not blocked", "Стенд {0} не заблокирован"},
    {"{0} is not a client planning knows", "Клиент {0} не найден"},
    {"only an employee can hold a stand for a client",
     "Забронировать стенд для клиента может только сотрудник"},
    {"stand {0} is {1}, not held; there is no hold to release",
     "Стенд {0} {1}, а не забронирован: снимать бронь не с чего"},
    {"cannot be read as CSV: {0}", "Не удалось прочитать файл CSV: {0}"},
    {"must be between 1 and {0} thousandths of the unit", "От 0,001 до {0} тысячных единицы"},
    {"must be between 1 and 10000 basis points (0.01% to 100%)", "Скидка — от 0,01% до 100%"},
    {"must be positive", "Должно быть больше нуля"},
    {"must hold percent_bp or amount", "Укажите скидку в процентах или суммой"},
    {"must be between 1 and {0}", "От 1 до {0}"},
    {"is required when price_per_m2 overrides the edition's price",
     "Укажите, почему цена за м² отличается от прайса выставки"},
    {"must be in {0}, the edition's currency", "Валюта должна быть {0}, как у выставки"},
    {"the sale's amount exceeds the supported range", "Сумма продажи слишком велика"},
    {"must be at most the amount before discount ({0})",
     "Скидка не может быть больше суммы до скидки ({0})"},
    {"must be a positive number of square decimetres", "Площадь должна быть больше нуля"},
    {"must be at most {0} dm² (10 000 m²)", "Не более {0} дм² (10 000 м²)"},
    {"must be 1 to 4 (0 takes the type's)", "От 1 до 4 (0 — по типу стенда)"},
    {"holds {0} stands; a floor plan has at most {1}",
     "В файле {0} стендов, а в плане может быть не более {1}"},
    {"{0}: \"{1}\" is not a stand type (linear, corner, peninsula, island, open area)",
     "{0}: «{1}» — неизвестный тип стенда (линейный, угловой, полуостров, остров, открытая "
     "площадка)"},
    {"{0}: \"{1}\" is not an area in m² with at most two decimals",
     "{0}: «{1}» — не площадь в м² (не более двух знаков после запятой)"},
    {"{0}: \"{1}\" is not 1 to 4", "{0}: «{1}» — нужно число от 1 до 4"},
    {"{0}: stand {1} is already on row {2}", "{0}: стенд {1} уже есть в строке {2}"},
    {"stand {0} is held for clients/{1} until {2}",
     "Стенд {0} забронирован для другого клиента до {2}"},
    {"stand {0} is taken by sales/{1}", "Стенд {0} уже продан"},
    {"stand {0} is blocked: {1}", "Стенд {0} заблокирован: {1}"},
    {"stand {0} is taken by sales/{1}; it cannot be {2}",
     "Стенд {0} уже продан и не может быть {2}"},
    {"stand {0} is {1}; only a free stand can be {2}",
     "Стенд {0} {1}, а {2} может быть только свободный стенд"},
    {"must be whole seconds from a minute to a year", "От минуты до года"},
    {"must be 0 to 10000 (basis points)", "От 0% до 100%"},
    {"must not be longer than max_hold", "Не может быть дольше максимального срока брони"},
    {"must be a positive number of whole seconds", "Срок должен быть больше нуля"},
    {"must be at most {0} s (the edition's sales policy, max_hold)",
     "Не более {0} с (максимальный срок брони выставки)"},
    {"{0} is {1} in the registry and takes no new sales",
     "Выставка {0} в статусе «{1}»: новые продажи не принимаются"},
    {"is the stand's identity on the floor plan: import the plan to renumber",
     "Номер стенда меняется только загрузкой плана выставки"},
    {"is output only: block, unblock, hold, release or sell the stand",
     "Статус стенда меняется действиями: заблокировать, разблокировать, забронировать, снять "
     "бронь или продать"},

    // Planning: statistics.
    {"a head of sales sees the figures of their own department's managers only",
     "Руководитель отдела продаж видит показатели только менеджеров своего отдела"},
    {"a head of sales sees their own department's figures only",
     "Руководитель отдела продаж видит показатели только своего отдела"},
    {"the head of sales has no department in planning yet",
     "Руководитель отдела продаж пока не привязан к отделу"},
    {"a sales manager sees their own figures only", "Менеджер видит только свои показатели"},
    {"this role has no access to contact statistics",
     "У вашей роли нет доступа к статистике контактов"},

    // Documents.
    {"must be documents/{uuid}/scans/{uuid}", "Некорректная ссылка на скан документа"},
    {"must be issuers/{uuid}/documentTemplates/{uuid}", "Некорректная ссылка на шаблон документа"},
    {"must be issuers/{uuid}", "Некорректная ссылка на продавца"},
    {"must be sales/{uuid}", "Некорректная ссылка на продажу"},
    {"must be clients/{uuid}", "Некорректная ссылка на клиента"},
    {"is not a document type", "Неизвестный вид документа"},
    {"is not a document status", "Неизвестный статус документа"},
    {"must not be before issued_from", "Конец периода не может быть раньше начала"},
    {"must not be in the future", "Дата не может быть в будущем"},
    {"is not a delivery channel", "Неизвестный способ отправки"},
    {"is not a scan of this document", "Это скан другого документа"},
    {"must be DOCUMENT_FORMAT_PDF or DOCUMENT_FORMAT_EDO_XML", "Формат: PDF или XML для ЭДО"},
    {"is only for DOCUMENT_FORMAT_EDO_XML", "Заполняется только для формата ЭДО"},
    {"is required for DOCUMENT_FORMAT_EDO_XML: the buyer's id at its EDO operator",
     "Для ЭДО укажите идентификатор покупателя у его оператора ЭДО"},
    {"sale {0} has no invoice yet; its prepayment's advance VAT invoice waits",
     "По продаже {0} ещё нет счёта: счёт-фактура на аванс будет выставлен после него"},
    {"sale {0} has no invoice yet; its cancellation waits",
     "По продаже {0} ещё нет счёта: отмена будет оформлена после него"},
    {"an issuer with this INN, KPP and bank account already exists",
     "Продавец с такими ИНН, КПП и расчётным счётом уже есть"},
    {"another issuer has this INN, KPP and bank account",
     "У другого продавца такие же ИНН, КПП и расчётный счёт"},
    {"must not be before the document's issue date {0}",
     "Не может быть раньше даты документа ({0})"},
    {"the EDO XML format (5.03) is made for VAT invoices and УПД only; {0} is {1}",
     "Формат ЭДО (5.03) — только для счетов-фактур и УПД, а {0} — это {1}"},
    {"the issuer has no EDO participant id (the sender of the file); set its edo_participant_id "
     "with UpdateIssuer",
     "У продавца не указан идентификатор участника ЭДО: заполните его в карточке продавца"},
    {"no primary issuer is configured; create one with CreateIssuer",
     "Не задан основной продавец: создайте его в справочнике продавцов"},
    {"the primary issuer stays primary until another issuer is marked primary",
     "Основной продавец остаётся основным, пока основным не отмечен другой"},
    {"needs issuer.director, the name it declines",
     "Задаётся только вместе с ФИО руководителя, которое склоняет"},
    {"must be issuer.director declined: the same number of words",
     "Должно быть ФИО руководителя в родительном падеже: столько же слов"},
    {"the {0} is a sole trader whose name is not a surname and a given name: {1}",
     "{0} — ИП, но его наименование не похоже на фамилию и имя: {1}"},
    {"the {0} has no INN of 10 or 12 digits, which the EDO format requires: {1}",
     "У стороны «{0}» нет ИНН из 10 или 12 цифр, а для ЭДО он обязателен: {1}"},
    {"the issuer's director (surname and given name) signs the EDO file; set it with "
     "UpdateIssuer",
     "Файл ЭДО подписывает руководитель продавца: укажите его фамилию и имя в карточке продавца"},
    {"must be 4 to 46 characters: the operator's 3-character id and the participant's code at it",
     "От 4 до 46 символов: код оператора ЭДО (3 символа) и код участника"},
    {"must start with the EDO operator's id: 3 digits or capital Latin letters",
     "Начинается с кода оператора ЭДО: 3 цифры или заглавные латинские буквы"},
    {"may hold only Latin letters, digits and '-' after the operator's id",
     "После кода оператора — только латинские буквы, цифры и «-»"},
    {"must be 1 to {0} days (0 or unset: {1})", "От 1 до {0} дней (0 или пусто — {1})"},
    {"must be ACT_AND_VAT_INVOICE, UPD_STATUS_1 or UPD_STATUS_2 (unset: an act and a VAT "
     "invoice)",
     "Акт и счёт-фактура, УПД со статусом 1 или УПД со статусом 2 (по умолчанию — акт и "
     "счёт-фактура)"},
    {"must be a file name without a path", "Укажите только имя файла, без папок"},
    {"the document was replaced by {0}", "Документ заменён документом {0}"},
    {"the document was annulled: {0}", "Документ аннулирован: {0}"},
    {"the document was sent already", "Документ уже отправлен"},
    {"the buyer has signed the document already", "Покупатель уже подписал документ"},
    {"the buyer does not sign documents of this kind",
     "Документы этого вида покупатель не подписывает"},
    {"the document is a draft without a number: issue it first",
     "Документ — проект без номера: сначала выпустите его"},
    {"only a draft is rendered again or issued; the document is {0}",
     "Пересоздать или выпустить можно только проект; состояние документа: {0}"},
    {"the draft's sale has no invoice in force", "У сделки проекта нет действующего счёта"},
    {"must name only kinds of the sale's package: APPLICATION, CONTRACT, CHECKLIST, "
     "MARKETING_MANUAL or TECHNICAL_MANUAL (the invoice and the closing documents are always "
     "issued)",
     "Только документы пакета сделки: заявка, договор, Contract Check List, маркетинговое или "
     "техническое руководство (счёт и закрывающие документы выпускаются всегда)"},
    {"must name each kind once", "Каждый вид документа — не больше одного раза"},
    {"must be application/pdf, image/jpeg or image/png", "Файл PDF, JPEG или PNG"},
    {"must be at most 10 MiB", "Файл не больше 10 МБ"},
    {"is not a {0} file", "Содержимое не похоже на файл {0}"},
    {"must be at most 4000 characters", "Не длиннее 4000 символов"},
    {"partials and changes of delimiters are not supported",
     "Вложенные шаблоны и смена разделителей не поддерживаются"},
    {"uses {{{0}}}, which is not a document variable",
     "В тексте {{{0}}}, но такой переменной в документе нет"},
    {"is not a valid Mustache template: {0}", "Ошибка в шаблоне: {0}"},

    // Accounting.
    {"must be RUB", "Валюта — только рубли"},
    {"must be more than zero", "Должно быть больше нуля"},
    {"must be more than 0", "Должно быть больше нуля"},
    {"must be payments/{uuid}", "Некорректная ссылка на платёж"},
    {"must be CLIENT, EDITION or MANAGER", "Группировка: по клиентам, выставкам или менеджерам"},
    {"must not be after today ({0})", "Не позже сегодняшнего дня ({0})"},
    {"must be clients/{uuid} or empty", "Некорректная ссылка на клиента (или оставьте пустым)"},
    {"must be projects/{uuid}/editions/{uuid} or empty",
     "Некорректная ссылка на выставку (или оставьте пустым)"},
    {"must be employees/{uuid} or empty",
     "Некорректная ссылка на сотрудника (или оставьте пустым)"},
    {"must be exports/{uuid}", "Некорректная ссылка на выгрузку"},
    {"required: the statement file (1CClientBankExchange 1.03)",
     "Приложите файл выписки из банка (формат обмена с 1С, версия 1.03)"},
    {"not a 1CClientBankExchange 1.03 statement: {0}; nothing was imported",
     "Файл не похож на выписку в формате обмена с 1С 1.03 ({0}): ничего не загружено"},
    {"must be bankStatements/{uuid}", "Некорректная ссылка на выписку"},
    {"unknown direction", "Неизвестное направление платежа"},
    {"required: at least one invoice (or, for a refund, refunded_payments)",
     "Укажите хотя бы один счёт (для возврата — возвращаемые платежи)"},
    {"give invoices for an incoming payment or refunded_payments for an outgoing one, not both",
     "Для входящего платежа укажите счета, для исходящего — возвращаемые платежи, но не то и "
     "другое"},
    {"must be documents/{uuid}", "Некорректная ссылка на документ"},
    {"names an invoice named before", "Этот счёт уже указан"},
    {"names the refund itself or a payment named before",
     "Указан сам возврат или платёж, который уже есть в списке"},
    {"the 1C exchange runs in the json mode (CRM_ACCOUNTING_EXCHANGE_FORMAT=json): there are no "
     "EnterpriseData messages",
     "Обмен с 1С настроен в режиме JSON: сообщений EnterpriseData нет"},
    {"required: 1C's exchange message (EnterpriseData XML)",
     "Приложите сообщение обмена из 1С (EnterpriseData XML)"},
    {"{0}; nothing of the message was applied", "{0}; из сообщения ничего не загружено"},
    {"must be at most 500 bytes", "Слишком длинный текст: не более 500 байт"},
    {"must be projects/{uuid}/editions/{uuid}/budget", "Некорректная ссылка на бюджет выставки"},
    {"must hold at most {0} lines", "Не более {0} строк"},
    {"must be an xlsx workbook", "Нужен файл Excel (XLSX)"},
    {"must be a cost article", "Укажите статью затрат"},
    {"must be a cost source: entered or one_c",
     "Укажите источник затрат: введены вручную или загружены из 1С"},
    {"must be projects/{uuid}/editions/{uuid}/budget/costs/{uuid}",
     "Затрата не найдена: неверная ссылка на неё"},
    {"a cost imported from 1C is changed and deleted in 1C, not by hand",
     "Затраты, загруженные из 1С, меняются и удаляются только в 1С"},
    {"must be a month YYYY-MM", "Укажите месяц в виде ГГГГ-ММ"},
    {"must be rubles, more than zero", "Сумма в рублях больше нуля"},
    {"cannot be read as an xlsx workbook: {0}", "Не удалось прочитать файл Excel: {0}"},
    {"an outgoing payment is not matched to invoices", "Исходящий платёж не разносится по счетам"},
    {"the invoice is {0}, not payable", "Счёт в статусе {0}, оплатить его нельзя"},
    {"the amount is more than the invoice still owes",
     "Сумма больше, чем осталось оплатить по счёту"},
    {"the amounts add up to more than the payment has unallocated",
     "В сумме больше, чем осталось неразнесённым в платеже"},
    {"the payment is matched to nothing", "Платёж ни на что не разнесён"},
    {"must be a calendar date", "Укажите дату"},
    {"an incoming payment is matched to invoices, not refunds",
     "Входящий платёж разносится по счетам, а не по возвратам"},
    {"a refund returns incoming payments only", "Возвращать можно только входящие платежи"},
    {"the amount is more than the payment has on no invoice and not yet returned",
     "Сумма больше нераспределённого и ещё не возвращённого остатка платежа"},
    {"the amounts add up to more than the refund has not yet returned",
     "В сумме больше, чем осталось вернуть по возврату"},
    {"the payment returns nothing", "Платёж ничего не возвращает"},
    {"holds {0} lines; a plan has at most {1}",
     "В файле {0} строк, а в плане может быть не более {1}"},
    {"must be documents/{uuid} or empty", "Некорректная ссылка на документ (или оставьте пустым)"},
    {"must be a valid calendar date", "Укажите существующую дату"},
    {"must hold at least one line", "Добавьте хотя бы одну строку"},
    {"must be linear, corner, peninsula, island, open_area or empty for the base price",
     "Тип стенда: линейный, угловой, полуостров, остров, открытая площадка или пусто для базовой "
     "цены"},
    {"must be more than zero and at most 1 000 000 m²",
     "Площадь — больше нуля и не более 1 000 000 м²"},
    {"must be rubles, from zero to 1 000 000 ₽ per m²",
     "Цена в рублях — от 0 до 1 000 000 ₽ за м²"},
    {"must be unset for an area line", "Для строки площади не заполняется"},
    {"stand type, area and price are for area lines only",
     "Тип стенда, площадь и цена заполняются только в строках площади"},
    {"must be a cost article: venue_rent, stand_construction, advertising, printing, staff, "
     "travel or other",
     "Статья затрат: аренда площадки, застройка стендов, реклама, полиграфия, персонал, "
     "командировки или прочее"},
    {"must be unset for an income line", "Для строки доходов не заполняется"},
    {"must be AREA, OTHER_INCOME or COST", "Вид строки: площадь, прочие доходы или затраты"},
    {"is not a line kind (area, other_income, cost)",
     "неизвестный вид строки (area — площадь, other_income — прочие доходы, cost — затраты)"},
    {"is not an area in m² with at most two decimals",
     "не площадь в м² (не более двух знаков после запятой)"},
    {"is not an amount in rubles with at most two decimals",
     "не сумма в рублях (не более двух знаков после запятой)"},
    {"is not a cost article (venue_rent, stand_construction, advertising, printing, staff, "
     "travel, other)",
     "неизвестная статья затрат (venue_rent, stand_construction, advertising, printing, staff, "
     "travel, other)"},

    // Analytics.
    {"the market analysis covers the whole base: analysts and admins read it",
     "Анализ рынка охватывает всю базу: он доступен аналитикам и администраторам"},
    {"must be {0}/{uuid}", "Некорректная ссылка на запись ({0})"},
    {"must hold at least one cell", "Заполните хотя бы одну ячейку"},
    {"must hold at most {0} cells", "Не более {0} ячеек"},
    {"must be empty when a department is given", "Не заполняется, если указан отдел"},
    {"must be projects/{uuid}/editions/{uuid}/salesPlan",
     "Некорректная ссылка на план продаж выставки"},
    {"must be SALES or CONTACTS", "Показатель: продажи или контакты"},
    {"must be a record kind (SALES_REPORT_RECORD_KIND_...)",
     "Укажите, какие записи раскрыть: продажи, контакты, платежи, клиентов или оценки"},
    {"must be a contact type name (CONTACT_TYPE_...)", "Укажите тип контакта из списка"},
    {"is read only with kind CONTACTS or OPEN_CONTACTS",
     "Указывается только для контактов или открытых контактов"},
    {"must be a contact result kind (sale, refusal, ...)",
     "Укажите итог контакта: продажа, отказ и т. п."},
    {"is read only with kind CONTACTS", "Указывается только для завершённых контактов"},
    {"must be a refusal reason (REFUSAL_REASON_...) or refusalReasons/{uuid}",
     "Укажите причину отказа из списка или из справочника"},
    {"must be a figure of the readiness funnel or the market analysis",
     "Укажите показатель воронки готовности или анализа рынка"},
    {"is read only for the funnel and an edition's figures",
     "Указывается только для воронки и показателей выставки"},
    {"the readiness funnel has no project filter", "В воронке готовности нет отбора по проекту"},
    {"must be a readiness level (READINESS_LEVEL_...)", "Укажите уровень готовности из списка"},
    {"must be a size band: <9, 9-18, 18-36 or 36+",
     "Укажите группу по площади: <9, 9-18, 18-36 или 36+"},
    {"must be a year", "Укажите год"},
    {"must be a competitor's exhibition: competitorExhibitions/{uuid}",
     "Укажите выставку конкурента из справочника"},
    {"is not read for this figure", "Для этого показателя не указывается"},
    {"this figure has no narrower one", "У этого показателя нет более узкого"},
    {"must be a lead source name or empty",
     "Укажите источник обращения из списка или оставьте поле пустым"},
    {"is read only with EDITION_NEW", "Указывается только для новых экспонентов выставки"},
    {"must be a lead source name (WEBSITE, REFERRAL, ...) or empty",
     "Укажите источник обращения из списка или оставьте поле пустым"},
    {"a lead source lists SALES, CONTACTS, CLIENTS or CONVERTED_CLIENTS",
     "По источнику обращения можно раскрыть продажи, контакты, клиентов или купивших клиентов"},
    {"CONVERTED_CLIENTS are a lead source's: give lead_source",
     "Купившие клиенты раскрываются по источнику обращения: укажите его"},
    {"must not be given with lead_source", "Не указывается вместе с источником обращения"},
    {"a rating score lists SALES, CLIENTS or RATINGS",
     "По оценке клиента раскрываются продажи, клиенты или оценки"},
    {"must not be given with rating_score or lead_source",
     "Не указывается вместе с оценкой клиента или источником обращения"},
    {"the rating report's clients are listed as CLIENTS",
     "Клиенты отчёта по оценкам раскрываются как клиенты"},
    {"RATINGS are a rating score's: give rating_score",
     "Оценки раскрываются по значению оценки: укажите его"},
    {"the rating report has no edition filter",
     "В отчёте по оценкам клиентов нет отбора по выставке"},
    {"the rating report has no department filter",
     "В отчёте по оценкам клиентов нет отбора по отделу"},
    {"the rating report has no previous period",
     "В отчёте по оценкам клиентов нет предыдущего периода"},
    {"is read only with rating_score or rating_total",
     "Указывается только вместе с оценкой клиента или итогом отчёта по оценкам"},
    {"must be set when the event carries no ce-time",
     "Обязательно, если у события нет времени (ce-time)"},
    {"contacts have no stand type: only the total lists them",
     "У контактов нет типа стенда: они видны только в общем итоге"},
    {"no edition that opened by as_of has a sale to learn from",
     "Для прогноза нет данных: ни у одной прошедшей выставки нет продаж"},
    {"must not be in the future: only past editions are imported",
     "Не может быть в будущем: загружаются только прошедшие выставки"},
    {"must be at most 100000 per import", "Не более 100 000 за одну загрузку"},
    {"repeats an assessment of the same client", "Оценка этого клиента уже есть"},
    {"must be RUB, 0 or more", "Сумма в рублях, 0 или больше"},
    {"must be at most 200 characters", "Не длиннее 200 символов"},
    {"is not a valid timestamp", "Некорректные дата и время"},
    {"must be a valid timestamp", "Укажите корректные дату и время"},
    {"must be projects/{uuid}/editions/{uuid}", "Некорректная ссылка на выставку"},
    {"must be projects/{uuid} or empty for every project",
     "Некорректная ссылка на проект (оставьте пустым для всех проектов)"},
    {"must be projects/{uuid}", "Некорректная ссылка на проект"},
    {"must be clients/{uuid}/participations/{uuid}", "Некорректная ссылка на участие в выставке"},
    {"must be set, or competitor_exhibition", "Укажите нашу выставку или выставку конкурента"},
    {"holds no plan rows below its header", "Под заголовком нет строк плана"},
    {"holds {0} rows; a plan import has at most {1}",
     "В файле {0} строк, а за одну загрузку плана — не более {1}"},
    {"this role may not change sales plans", "Вашей роли нельзя изменять планы продаж"},
    {"only admins and analysts may change an edition's own plan",
     "План выставки меняют только администраторы и аналитики"},
    {"must be set (or the result's outcome)", "Обязательное поле (или укажите результат)"},
    {"must be clients/{uuid}/ratings/{uuid}", "Некорректная ссылка на оценку клиента"},
    {"must be 1 to 5", "Оценка от 1 до 5"},
    {"must be RATING_TARGET_MANAGER, RATING_TARGET_PROJECT or RATING_TARGET_COMPANY",
     "Оценивается менеджер, проект или компания"},
    {"must be employees/{uuid}", "Некорректная ссылка на сотрудника"},
    {"must be at most 366 days after start_time", "Период не длиннее 366 дней"},
    {"must be MANAGER, DEPARTMENT, EDITION, STAND_TYPE or PROJECT_TEAM",
     "Группировка: по менеджерам, отделам, выставкам, типам стендов или командам проектов"},
    {"must be departments/{uuid}", "Некорректная ссылка на отдел"},
    {"names a department unit analytics has no employee or sale of",
     "В этом отделе нет ни сотрудников, ни продаж"},
    {"names an employee analytics does not know", "Такой сотрудник не найден"},
    {"must be EDITION, DEPARTMENT or MANAGER", "Уровень плана: выставка, отдел или менеджер"},
    {"must be from zero to 1 000 000 m² (in dm²)", "Площадь — от 0 до 1 000 000 м²"},
    {"must be rubles without VAT, from zero to 100 000 000 000 ₽",
     "Сумма в рублях без НДС — от 0 до 100 млрд ₽"},
    {"is not a plan level (edition, department, manager)",
     "неизвестный уровень плана (edition — выставка, department — отдел, manager — менеджер)"},
    {"leaves no room for the previous period before year 1",
     "Слишком ранний период: не с чем сравнить"},
};

// A key split at its placeholders: literal pieces and, between them, placeholder numbers.
struct Pattern {
  std::vector<std::string_view> literals;  // one more than placeholders
  std::vector<int> placeholders;
  std::string_view russian;
  std::size_t literal_size = 0;
};

// The placeholder at `at` ("{12}"): its number and length; nullopt for any other brace.
std::optional<std::pair<int, std::size_t>> PlaceholderAt(std::string_view text, std::size_t at) {
  if (text[at] != '{') {
    return std::nullopt;
  }
  std::size_t end = at + 1;
  int number = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9' && end - at <= 3) {
    number = number * 10 + (text[end] - '0');
    ++end;
  }
  if (end == at + 1 || end >= text.size() || text[end] != '}') {
    return std::nullopt;
  }
  return std::make_pair(number, end + 1 - at);
}

Pattern Split(const MessageEntry& entry) {
  Pattern pattern;
  pattern.russian = entry.russian;
  std::string_view key = entry.english;
  std::size_t start = 0;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (auto placeholder = PlaceholderAt(key, i)) {
      pattern.literals.push_back(key.substr(start, i - start));
      pattern.placeholders.push_back(placeholder->first);
      i += placeholder->second - 1;
      start = i + 1;
    }
  }
  pattern.literals.push_back(key.substr(start));
  for (auto literal : pattern.literals) {
    pattern.literal_size += literal.size();
  }
  return pattern;
}

struct Index {
  std::unordered_map<std::string_view, std::string_view> exact;
  std::vector<Pattern> patterns;  // the most literal text first: the most specific wins
};

const Index& TheIndex() {
  static const Index index = [] {
    Index built;
    for (const auto& entry : kCatalogue) {
      Pattern pattern = Split(entry);
      if (pattern.placeholders.empty()) {
        built.exact.emplace(entry.english, entry.russian);
      } else {
        built.patterns.push_back(std::move(pattern));
      }
    }
    std::stable_sort(
        built.patterns.begin(), built.patterns.end(),
        [](const Pattern& a, const Pattern& b) { return a.literal_size > b.literal_size; });
    return built;
  }();
  return index;
}

// Matches literals[piece..] against text[at..]: each literal in turn, a placeholder's value of at
// least one character between two of them; `values` gets the values in the key's order.
bool Match(const Pattern& pattern, std::string_view text, std::size_t piece, std::size_t at,
           std::vector<std::string_view>& values) {
  std::string_view literal = pattern.literals[piece];
  if (piece + 1 == pattern.literals.size()) {
    return text.substr(at) == literal;
  }
  if (text.substr(at, literal.size()) != literal) {
    return false;
  }
  const std::size_t value_start = at + literal.size();
  std::string_view next = pattern.literals[piece + 1];
  if (piece + 2 == pattern.literals.size()) {  // the value runs to the final literal
    if (text.size() < value_start + 1 + next.size() || !text.ends_with(next)) {
      return false;
    }
    values.push_back(text.substr(value_start, text.size() - next.size() - value_start));
    return true;
  }
  for (std::size_t end = text.find(next, value_start + 1); end != std::string_view::npos;
       end = text.find(next, end + 1)) {
    values.push_back(text.substr(value_start, end - value_start));
    if (Match(pattern, text, piece + 1, end, values)) {
      return true;
    }
    values.pop_back();
  }
  return false;
}

// A translated value inside a longer text starts with a lower-case letter unless it starts
// with an abbreviation ("ИНН ..."): Cyrillic capitals А-Я are U+0410-U+042F, Ё is U+0401.
std::string InsideSentence(std::string text) {
  auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.size() < 2 || byte(0) != 0xD0) {
    return text;
  }
  const bool abbreviation = text.size() >= 4 && byte(2) == 0xD0 &&
                            ((byte(3) >= 0x90 && byte(3) <= 0xAF) || byte(3) == 0x81);
  if (abbreviation) {
    return text;
  }
  const unsigned char c = byte(1);
  if (c >= 0x90 && c <= 0x9F) {  // А-П -> а-п
    text[1] = static_cast<char>(c + 0x20);
  } else if (c >= 0xA0 && c <= 0xAF) {  // Р-Я -> р-я
    text[0] = static_cast<char>(0xD1);
    text[1] = static_cast<char>(c - 0x20);
  } else if (c == 0x81) {  // Ё -> ё
    text[0] = static_cast<char>(0xD1);
    text[1] = static_cast<char>(0x91);
  }
  return text;
}

std::optional<std::string> Translate(std::string_view english, int depth);

std::string Fill(const Pattern& pattern, const std::vector<std::string_view>& values, int depth) {
  std::string out;
  std::string_view russian = pattern.russian;
  for (std::size_t i = 0; i < russian.size(); ++i) {
    auto placeholder = PlaceholderAt(russian, i);
    if (!placeholder) {
      out += russian[i];
      continue;
    }
    for (std::size_t k = 0; k < pattern.placeholders.size(); ++k) {
      if (pattern.placeholders[k] != placeholder->first) {
        continue;
      }
      std::optional<std::string> inner = Translate(values[k], depth + 1);
      if (!inner) {
        out += values[k];
      } else {
        out += i == 0 ? *inner : InsideSentence(*inner);
      }
      break;
    }
    i += placeholder->second - 1;
  }
  return out;
}

std::optional<std::string> Translate(std::string_view english, int depth) {
  if (english.empty() || depth > 4) {
    return std::nullopt;
  }
  const Index& index = TheIndex();
  if (auto it = index.exact.find(english); it != index.exact.end()) {
    return std::string(it->second);
  }
  std::vector<std::string_view> values;
  for (const auto& pattern : index.patterns) {
    values.clear();
    if (Match(pattern, english, 0, 0, values)) {
      return Fill(pattern, values, depth);
    }
  }
  return std::nullopt;
}

}  // namespace

std::span<const MessageEntry> MessageCatalogue() { return kCatalogue; }

std::optional<std::string> TranslateMessage(std::string_view english) {
  try {
    return Translate(english, 0);
  } catch (const std::exception&) {
    return std::nullopt;  // a failed allocation: the English text still serves
  }
}

}  // namespace crm::common::ru
