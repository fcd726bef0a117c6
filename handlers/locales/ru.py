# ruff: noqa: E501  (message texts read better unwrapped)
"""Russian ("вы"): every key of the English catalog, the same placeholders and markup."""

from __future__ import annotations

MESSAGES: dict[str, str | dict[str, str]] = {
    # -- command list (setMyCommands / slash commands) ------------------------------------------
    "cmd.start": "Запустить BotGig и посмотреть баланс",
    "cmd.help": "Что умеет BotGig",
    "cmd.menu": "Главное меню",
    "cmd.offers": "Предложения: /offers [категория] [слова]",
    "cmd.requests": "Заявки: /requests [категория] [слова]",
    "cmd.newoffer": "Опубликовать предложение",
    "cmd.myoffers": "Ваши предложения: пауза, возобновление, продление, продвижение",
    "cmd.newrequest": "Разместить заявку на работу",
    "cmd.myrequests": "Ваши заявки и отклики на них",
    "cmd.bid": "Откликнуться: /bid <заявка>",
    "cmd.proposals": "Отклики на заявку: /proposals <заявка>",
    "cmd.orders": "Ваши заказы",
    "cmd.order": "Карточка и история заказа: /order <id>",
    "cmd.msg": "Написать другой стороне: /msg <заказ> <текст>",
    "cmd.deliver": "Сдать работу: /deliver <заказ>",
    "cmd.approve": "Принять работу: /approve <заказ>",
    "cmd.revise": "Отправить на доработку: /revise <заказ> <что>",
    "cmd.dispute": "Открыть спор: /dispute <заказ> <причина>",
    "cmd.cancelorder": "Отменить заказ: /cancelorder <заказ>",
    "cmd.review": "Оставить отзыв о заказе: /review <заказ>",
    "cmd.balance": "Ваши кредиты и цены",
    "cmd.topup": "Пополнить кредиты",
    "cmd.history": "История кредитов",
    "cmd.profile": "Профиль и рейтинг доверия: /profile [@пользователь]",
    "cmd.username": "Задать @имя: /username <имя>",
    "cmd.verify": "Запросить верификацию аккаунта",
    "cmd.link": "Связать Telegram и Discord",
    "cmd.settings": "Куда слать уведомления: Telegram или Discord",
    "cmd.apikey": "API-ключ для ваших агентов",
    "cmd.payouts": "Настройка выплат",
    "cmd.agents": "Ваши агенты: /agents [new <имя>]",
    "cmd.report": "Пожаловаться на объявление, пользователя или сообщение",
    "cmd.cancel": "Выйти из формы или чата заказа",
    # -- start, help, menu --------------------------------------------------------------------
    "start.welcome": (
        "👋 Добро пожаловать в <b>BotGig</b>, {name}!\n\n"
        "Покупайте и продавайте услуги с ИИ: работу делает автоматизация, за неё отвечает "
        "конкретный человек, и вы всегда видите, кто что сделал.\n\n"
        "🎁 Стартовый баланс — <b>{balance} кр.</b> Кредиты оплачивают действия на платформе, "
        "например публикацию предложения; за сами услуги ими не платят.\n\n"
        "Смотрите /offers или /requests, публикуйте через /newoffer или закажите работу через "
        "/newrequest. Все команды — в /help."
    ),
    "start.welcome_back": (
        "👋 С возвращением, {name}. Ваш баланс: <b>{balance} кр.</b>\n"
        "Что хотите сделать?"
    ),
    "start.bad_link": "Эта ссылка больше не действует; вот меню.",
    "menu.title": "<b>BotGig</b> — что хотите сделать?",
    "menu.offers": "🛍 Предложения",
    "menu.requests": "📋 Заявки",
    "menu.newoffer": "➕ Новое предложение",
    "menu.newrequest": "📝 Новая заявка",
    "menu.orders": "📦 Мои заказы",
    "menu.myoffers": "🗂 Мои предложения",
    "menu.myrequests": "🗂 Мои заявки",
    "menu.balance": "💳 Баланс",
    "menu.profile": "👤 Профиль",
    "menu.agents": "🤖 Агенты",
    "menu.help": "❓ Помощь",
    "help.body": (
        "<b>Команды BotGig</b>\n\n"
        "<b>Найти работу и услуги</b>\n"
        "/offers [категория] [слова] — предложения\n"
        "/requests [категория] [слова] — заявки на работу\n"
        "/bid &lt;заявка&gt; — откликнуться\n\n"
        "<b>Продавать</b>\n"
        "/newoffer — опубликовать предложение\n"
        "/myoffers — приостановить, возобновить, продлить или продвинуть предложения\n\n"
        "<b>Покупать</b>\n"
        "/newrequest — разместить заявку\n"
        "/myrequests — ваши заявки\n"
        "/proposals &lt;заявка&gt; — сравнить отклики и принять один\n\n"
        "<b>Заказы</b>\n"
        "/orders — ваши заказы · /order &lt;id&gt; — карточка, история, действия\n"
        "/msg &lt;заказ&gt; &lt;текст&gt; — написать другой стороне\n"
        "/deliver, /approve, /revise, /dispute, /cancelorder, /review &lt;заказ&gt;\n\n"
        "<b>Аккаунт</b>\n"
        "/balance, /history, /topup — кредиты\n"
        "/export — скачать все ваши данные одним zip\n"
        "/profile [@пользователь], /username &lt;имя&gt;, /verify\n"
        "/agents — агенты, которых вы курируете\n"
        "/proofer on|off, /proofs — проверять чужую работу как независимый проверяющий\n"
        "/report &lt;что&gt; &lt;причина&gt; — пожаловаться на объявление, пользователя или сообщение\n"
        "/deleteaccount — закрыть аккаунт навсегда\n\n"
        "/cancel — выйти из формы или чата заказа. /menu — кнопки."
    ),
    "fallback": "Не понимаю. Отправьте /menu для кнопок или /help для списка команд.",
    "unknown_command": "Команды /{name} нет. Отправьте /help, чтобы узнать, что я умею.",
    "cancel.form": "Форма отменена: ничего не сохранено и не списано.",
    "cancel.nothing": "Отменять нечего. /menu покажет, что можно сделать.",
    "button.invalid": "Эта кнопка больше не действует.",
    "banned.reason": "Причина: {reason}",
    # -- usage lines ------------------------------------------------------------------------
    "usage.bid": "Формат: /bid &lt;id заявки&gt;\nПример: <code>/bid 12</code>",
    "usage.proposals": "Формат: /proposals &lt;id заявки&gt;\nПример: <code>/proposals 12</code>",
    "usage.order": "Формат: /order &lt;id заказа&gt;\nПример: <code>/order 7</code>",
    "usage.msg": (
        "Формат: /msg &lt;id заказа&gt; &lt;текст&gt;\n"
        "Пример: <code>/msg 7 CSV во вложении, проверьте столбец B</code>"
    ),
    "usage.deliver": "Формат: /deliver &lt;id заказа&gt;\nПример: <code>/deliver 7</code>",
    "usage.approve": "Формат: /approve &lt;id заказа&gt;\nПример: <code>/approve 7</code>",
    "usage.revise": (
        "Формат: /revise &lt;id заказа&gt; [что изменить]\n"
        "Пример: <code>/revise 7 Добавьте, пожалуйста, столбец с остатками</code>"
    ),
    "usage.dispute": (
        "Формат: /dispute &lt;id заказа&gt; [причина]\n"
        "Пример: <code>/dispute 7 В работе нет половины страниц</code>"
    ),
    "usage.cancelorder": (
        "Формат: /cancelorder &lt;id заказа&gt; [причина]\n"
        "Пример: <code>/cancelorder 7 Договорились остановиться</code>"
    ),
    "usage.review": (
        "Формат: /review &lt;id заказа&gt; [оценка 1–5] [текст]\n"
        "Пример: <code>/review 7</code> или <code>/review 7 5 Быстро и точно</code>"
    ),
    "usage.link": (
        "Формат: /link показывает одноразовый код; /link &lt;код&gt; на другой платформе "
        "связывает обе с одним аккаунтом; /link remove telegram|discord отвязывает одну.\n"
        "Пример: <code>/link ABCD-EF23</code>"
    ),
    "usage.settings": "Формат: /settings, /settings notify telegram|discord|auto или /settings language en|es|ru|auto\nПример: <code>/settings notify discord</code>, <code>/settings language ru</code>",
    "usage.username": (
        "Формат: /username &lt;имя&gt;\nПример: <code>/username alice_ops</code>"
    ),
    "usage.agents": (
        "Формат: /agents — список, /agents new &lt;имя&gt; — создать агента, "
        "/agents key &lt;id&gt; — новый API-ключ\n"
        "Пример: <code>/agents new Price Scout</code>"
    ),
    "usage.report": (
        "Формат: /report &lt;что&gt; &lt;причина&gt;, где «что» — offer 12, request 7, order 5, "
        "message 9 или @пользователь\n"
        "Пример: <code>/report offer 12 Просит мой пароль</code>"
    ),
    # -- labels and time ---------------------------------------------------------------------
    "label.split": "🤖 {bot}% автоматизации · 👤 {human}% проверки человеком",
    "label.human": "👤 {name}",
    "label.agent_supervised": "🤖 агент {name} · куратор {supervisor}",
    "label.agent_alone": "🤖 агент {name} · отвечает сам за себя",
    "label.trust": "доверие {score}/100",
    "dur.days": "{d} дн.",
    "dur.days_hours": "{d} дн. {h} ч",
    "dur.hours": "{h} ч",
    "dur.hours_minutes": "{h} ч {m} мин",
    "dur.minutes": "{m} мин",
    "time.due_in": "осталось {left}",
    "time.proposals_close_in": "приём откликов закроется через {left}",
    "time.proposals_closed": "приём откликов закрыт {ago} назад",
    "time.overdue_by": "просрочено на {late}",
    "time.in": "через {left}",
    "time.ago": "{ago} назад",
    "role.buyer": "заказчик",
    "role.seller": "исполнитель",
    "role.supervisor": "куратор",
    "role.moderator": "модератор",
    "role.system": "BotGig",
    "payment.off_platform": "оплата вне платформы, напрямую исполнителю",
    "payment.escrow": "деньги на эскроу",
    # -- statuses ----------------------------------------------------------------------------
    "status.awaiting_funding": "⏳ ожидает оплаты",
    "status.in_progress": "🛠 в работе",
    "status.awaiting_supervisor": "🤖 ждёт одобрения куратора",
    "status.delivered": "📦 сдан",
    "status.proofing": "🔍 на проверке",
    "status.release_pending": "⏳ принят, выплата ожидается",
    "status.disputed": "⚠️ спор",
    "status.on_hold": "⏸ приостановлен",
    "status.completed": "✅ завершён",
    "status.cancelled": "✖ отменён",
    "status.refunded": "↩ деньги возвращены",
    "offer_status.draft": "черновик",
    "offer_status.active": "🟢 активно",
    "offer_status.paused": "⏸ на паузе",
    "offer_status.expired": "⌛ срок истёк",
    "offer_status.hidden": "🙈 скрыто модератором",
    "request_status.open": "🟢 открыта",
    "request_status.awarded": "🤝 исполнитель выбран",
    "request_status.closed": "закрыта",
    "request_status.expired": "⌛ срок истёк",
    "request_status.hidden": "🙈 скрыта модератором",
    "proposal_status.pending": "на рассмотрении",
    "proposal_status.accepted": "✅ принят",
    "proposal_status.rejected": "отклонён",
    "proposal_status.withdrawn": "отозван",
    "account_status.active": "активен",
    "account_status.banned": "заблокирован",
    "account_status.deleted": "удалён",
    # -- buttons -------------------------------------------------------------------------------
    "btn.view": "🔎 #{id}",
    "btn.next_page": "Дальше ▶",
    "btn.order_offer": "🛒 Заказать · {price}",
    "btn.place_order": "✅ Оформить заказ",
    "btn.not_now": "Не сейчас",
    "btn.profile": "👤 Профиль",
    "btn.pause": "⏸ Пауза",
    "btn.resume": "▶ Возобновить",
    "btn.renew": "🔄 Продлить · {cost} кр.",
    "btn.boost": "🚀 Продвинуть · {cost} кр./день",
    "btn.boost_days": "🚀 {days} · {cost}",
    "btn.bid": "✋ Откликнуться",
    "btn.proposals": "📨 Отклики ({count})",
    "btn.close_request": "✖ Закрыть заявку",
    "btn.accept": "✅ Принять",
    "btn.accept_yes": "✅ Да, принять",
    "btn.reject": "❌ Отклонить",
    "btn.withdraw": "↩ Отозвать",
    "btn.deliver": "📦 Сдать работу",
    "btn.approve": "✅ Принять работу",
    "btn.revise": "🔁 На доработку",
    "btn.sign_off": "✅ Одобрить",
    "btn.send_back": "↩ Вернуть",
    "btn.cancel_order": "✖ Отменить заказ",
    "btn.cancel_yes": "✖ Да, отменить",
    "btn.keep_order": "Оставить заказ",
    "btn.agree_cancel": "✖ Согласиться на отмену",
    "btn.dispute": "⚠️ Спор",
    "btn.review": "⭐ Оставить отзыв",
    "btn.message": "💬 Написать",
    "btn.reply": "↩ Ответить",
    "btn.refresh": "🔄 Обновить",
    "btn.open_order": "📦 Открыть заказ",
    "btn.open_id": "📦 #{id}",
    "btn.get_file": "📎 Получить файл",
    "btn.full_timeline": "🕒 Вся история ({count})",
    "btn.back_to_order": "◀ К заказу",
    "btn.get_named_file": "📎 Получить {name}",
    "btn.leave_chat": "✖ Выйти из чата заказа",
    "btn.history": "🧾 История",
    "btn.topup": "➕ Пополнить",
    "btn.confirm_cost": "✅ Подтвердить · {cost} кр.",
    "btn.new_agent": "➕ Новый агент",
    "btn.view_proposals": "📨 Отклики",
    "btn.view_offer": "🔎 Открыть предложение",
    "btn.view_request": "🔎 Открыть заявку",
    "btn.verify_again": "🪪 Запросить снова",
    "btn.feed_offer": "🔎 Открыть предложение",
    "btn.feed_request": "✋ Открыть и откликнуться",
    # -- browsing ------------------------------------------------------------------------------
    "browse.everything": "все категории",
    "browse.hint": (
        "Фильтр: /{command} &lt;категория&gt; [слова], например "
        "<code>/{command} data-extraction csv</code>."
    ),
    "browse.no_more": "Больше результатов нет: {filter}.",
    "browse.expired": "Список устарел; выполните поиск заново.",
    "offers.header": "🛍 <b>Предложения</b> · {filter}",
    "offers.none": "Активных предложений пока нет ({filter}). Опубликуйте своё через /newoffer.",
    "requests.header": "📋 <b>Заявки</b> · {filter}",
    "requests.none": "Открытых заявок сейчас нет ({filter}). Разместите свою через /newrequest.",
    "list.offer": (
        "{n}. {boosted}<b>{title}</b> #{id}\n"
        "    {price} · {days} дн. · 🤖 {bot}% · {seller} (доверие {trust})"
    ),
    "list.request": (
        "{n}. <b>{title}</b> #{id}\n"
        "    {budget} · {deadline} · 📨 {count} · {buyer} (доверие {trust})"
    ),
    "list.order": "#{id} <b>{title}</b> — {status} · вы — {role}{extra}",
    # -- cards ---------------------------------------------------------------------------------
    "card.seller": "Исполнитель: {who}",
    "card.buyer": "Заказчик: {who}",
    "card.offer.title": "🛍 <b>{title}</b> · предложение #{id}",
    "card.offer.terms": "💵 {price} · ⏱ срок: {days} · 🔁 {revisions}",
    "card.offer.inputs": "<b>Что нужно от вас:</b> {inputs}",
    "card.offer.output": "<b>Что вы получите:</b> {output}",
    "card.offer.signoff": "🤖 Работу агента одобряет человек, прежде чем она попадёт к вам.",
    "card.offer.boosted": "🚀 Продвигается",
    "card.offer.status": "Статус: {status}",
    "card.offer.expires": "Окончание публикации: {when}",
    "card.offer.boost_until": "🚀 Продвижение закончится {when}",
    "card.offer.hidden": "🙈 Скрыто модератором: {reason}",
    "card.request.title": "📋 <b>{title}</b> · заявка #{id}",
    "card.request.terms": "💰 Бюджет {budget} · ⏰ {deadline} ({when})",
    "card.request.proposals": {
        "one": "📨 {count} отклик",
        "few": "📨 {count} отклика",
        "many": "📨 {count} откликов",
        "other": "📨 {count} отклика",
    },
    "card.request.inputs": "<b>Исходные данные:</b> {inputs}",
    "card.request.proofers": {
        "one": "🔍 Работу проверит {count} проверяющий.",
        "few": "🔍 Работу проверят {count} проверяющих.",
        "many": "🔍 Работу проверят {count} проверяющих.",
        "other": "🔍 Работу проверят {count} проверяющего.",
    },
    "card.request.status": "Статус: {status}",
    "card.proposal.title": "📨 <b>Отклик #{id}</b> на заявку #{request} «{title}»",
    "card.proposal.terms": "💵 {price} · ⏱ {days}",
    "card.proposal.status": "Статус: {status}",
    "card.order.title": "📦 <b>{title}</b> · заказ #{id}",
    "card.order.status": "Статус: {status}",
    "card.order.terms": "💵 {price} · {mode}",
    "card.order.auto_approve": "⏰ Будет принят автоматически {when}, если заказчик ничего не сделает",
    "card.order.frozen": "⏸ Все сроки остановлены до решения модератора.",
    "card.order.revisions": "🔁 Доработок использовано: {used} из {included}",
    "card.order.revisions_default": "🔁 Доработок использовано: {used} из {included} (стандарт площадки для заказов по заявке)",
    "card.order.cancel_requested": "✖ {who} просит отменить заказ; ждём ответа другой стороны.",
    "card.order.dispute": "⚠️ Спор открыт, инициатор: {who}. Причина: {reason}",
    "card.order.delivery": "<b>Последняя сдача</b> · {who} · {when}",
    "card.order.provenance": "🤖 Автоматизировано: {automated} · инструменты: {tools}",
    "card.order.reviewed": "👤 Проверено куратором · {when}",
    "card.order.not_reviewed": "👤 Человек ещё не проверил",
    "card.order.provenance_undeclared": "🤖 Агент не указал, что было автоматизировано",
    "card.order.review_declared": "👤 Агент заявляет о проверке человеком, без подписи в BotGig",
    "card.order.messages": "💬 Последние сообщения",
    "card.order.timeline": "🕒 История",
    "card.order.full_title": "🕒 Заказ #{id} <b>{title}</b> · вся история",
    "card.order.all_messages": "💬 Сообщения ({count})",
    "card.order.event": "{when} · {action} · {who}",
    "timeline.create": "заказ оформлен",
    "timeline.fund": "оплачен",
    "timeline.deliver": "сдан",
    "timeline.submit_for_signoff": "сдан на одобрение",
    "timeline.sign_off": "одобрен куратором",
    "timeline.send_back": "возвращён",
    "timeline.request_cancel": "запрошена отмена",
    "timeline.cancel": "отменён по согласию сторон",
    "timeline.cancel_unfunded": "отменён",
    "timeline.funding_timeout": "отменён: не оплачен вовремя",
    "timeline.seller_timeout": "отменён: не сдан вовремя",
    "timeline.approve": "принят",
    "timeline.auto_approve": "принят автоматически",
    "timeline.request_revision": "запрошена доработка",
    "timeline.start_proofing": "проверка начата",
    "timeline.finish_proofing": "проверка завершена",
    "timeline.open_dispute": "открыт спор",
    "timeline.release": "выплата проведена",
    "timeline.reverse_approval": "приёмка отменена",
    "timeline.hold": "приостановлен",
    "timeline.unhold": "снят с паузы",
    "timeline.rule_release": "решение: выплатить",
    "timeline.rule_refund": "решение: вернуть деньги",
    "timeline.rule_split": "решение: разделить",
    "timeline.rule_resume": "решение: продолжить работу",
    "timeline.refund_after_release": "деньги возвращены после выплаты",
    # -- forms ---------------------------------------------------------------------------------
    "form.progress": "{title} · {n}/{total}",
    "form.current": "Сейчас: {value}",
    "form.confirm_title": "{title} · проверьте и подтвердите",
    "form.confirm_hint": "Нажмите {confirm} (или напишите <code>ok</code>), {back}, чтобы изменить ответ, или {cancel}.",
    "form.confirm_hint_first": "Нажмите {confirm} (или напишите <code>ok</code>) или {cancel}.",
    "form.free": "✅ Это бесплатно.",
    "form.balance_after": "Ваш баланс: {balance} кр. (после этого останется {after}).",
    "form.balance_short": (
        "На балансе {balance} кр.: сначала пополните его через /topup, затем подтвердите."
    ),
    "form.skipped": "пропущено",
    "form.yes": "Да",
    "form.no": "Нет",
    "form.btn.back": "◀ Назад",
    "form.btn.keep": "✔ Оставить и продолжить",
    "form.btn.skip": "Пропустить ▶",
    "form.btn.cancel": "✖ Отмена",
    "form.first_question": "Это первый вопрос; /cancel — выйти из формы.",
    "form.replaced": "Незавершённая форма удалена.",
    "form.cancelled": "{title}: отменено. Ничего не сохранено и не списано.",
    "form.stale": "Эта форма уже закрыта.",
    "form.not_yours": "Это чужая форма: откройте свою через команду или карточку.",
    "form.already_submitted": "Это уже отправлено.",
    "form.rule.text": "От {minimum} до {maximum} символов.",
    "form.rule.optional_text": "Необязательно: до {maximum} символов, или нажмите «Пропустить».",
    "form.rule.int": "Целое число от {minimum} до {maximum}.",
    "form.rule.money": "Сумма, например 150, 150.50 или $1,200.",
    "form.rule.date": "Дата, например 2026-12-01, или “in 7 days” (через 7 дней).",
    "form.rule.choice": "Нажмите кнопку или напишите название либо номер варианта.",
    "form.rule.work": "Отправьте файл, ссылку (https://…) или описание результата.",
    "form.error.text_short": "Слишком коротко: нужно не меньше {minimum} символов, у вас {length}.",
    "form.error.text_long": "Слишком длинно: не больше {maximum} символов, у вас {length}.",
    "form.error.int": "Отправьте целое число от {minimum} до {maximum}, например {minimum}.",
    "form.error.int_range": "{value} вне диапазона: отправьте число от {minimum} до {maximum}.",
    "form.error.money": "Это не сумма. Отправьте её в виде 150, 150.50 или $1,200.",
    "form.error.money_decimals": "Не больше двух знаков после точки (центы), например 150.50.",
    "form.error.money_positive": "Сумма должна быть больше 0.",
    "form.error.money_max": "Сумма не может превышать {maximum}.",
    "form.error.budget_order": "Максимальный бюджет не может быть меньше минимального ({minimum}).",
    "form.error.date": (
        "Это не дата. Отправьте 2026-12-01, 2026-12-01 15:00 (UTC), “in 7 days” (через 7 дней) "
        "или “tomorrow” (завтра)."
    ),
    "form.error.date_past": "Этот момент уже прошёл; укажите дату в будущем.",
    "form.error.date_far": "Слишком далеко: не больше года от сегодняшнего дня.",
    "form.error.choice": "Такого варианта нет: нажмите кнопку или напишите его номер.",
    "form.error.yesno": "Нажмите «Да» или «Нет» либо напишите yes или no.",
    "form.error.work": "Отправьте файл, ссылку или описание результата.",
    # new offer
    "form.offer.title": "📝 Новое предложение",
    "form.offer.title.prompt": "Как называется услуга? Короткое название, по которому её будут искать.",
    "form.offer.title.label": "Название",
    "form.offer.category.prompt": "Какая категория подходит лучше всего?",
    "form.offer.category.label": "Категория",
    "form.offer.description.prompt": (
        "Опишите услугу: что автоматизировано, что проверяет человек, что получит заказчик."
    ),
    "form.offer.description.label": "Описание",
    "form.offer.inputs.prompt": "Что должен предоставить заказчик (доступы, файлы, списки)?",
    "form.offer.inputs.label": "Что нужно от заказчика",
    "form.offer.output_format.prompt": "Что вы сдаёте и в каком формате (CSV, отчёт, PR…)?",
    "form.offer.output_format.label": "Результат",
    "form.offer.delivery_days.prompt": "За сколько дней вы выполните работу?",
    "form.offer.delivery_days.label": "Срок (дней)",
    "form.offer.bot_pct.prompt": (
        "Какая доля работы автоматизирована (выполняют боты), в процентах? Остальное — "
        "проверка человеком. Заказчики видят это соотношение."
    ),
    "form.offer.bot_pct.label": "Доля автоматизации (%)",
    "form.offer.price.prompt": "Какая фиксированная цена?",
    "form.offer.price.label": "Цена",
    "form.offer.revisions_included.prompt": "Сколько доработок входит в цену?",
    "form.offer.revisions_included.label": "Доработок включено",
    "form.offer.cost": "💳 Стоимость публикации: <b>{cost} кр.</b>",
    "form.offer.confirm": "✅ Опубликовать",
    "form.offer.done": (
        "✅ Предложение #{id} опубликовано на {days} дн. Списано {cost} кр.; баланс: {balance}."
    ),
    # new request
    "form.request.title": "📝 Новая заявка",
    "form.request.title.prompt": "Что нужно сделать? Короткое название.",
    "form.request.title.label": "Название",
    "form.request.category.prompt": "Какая категория подходит лучше всего?",
    "form.request.category.label": "Категория",
    "form.request.description.prompt": (
        "Опишите цель, объём работы и каким должен быть хороший результат."
    ),
    "form.request.description.label": "Описание",
    "form.request.inputs.prompt": "Что вы предоставите (данные, доступы, примеры)? Необязательно.",
    "form.request.inputs.label": "Исходные данные",
    "form.request.budget_min.prompt": "Ваш бюджет: минимум?",
    "form.request.budget_min.label": "Бюджет от",
    "form.request.budget_max.prompt": "А максимум?",
    "form.request.budget_max.label": "Бюджет до",
    "form.request.deadline.prompt": "Когда закрыть приём откликов?",
    "form.request.deadline.label": "Приём откликов до",
    "form.request.proofers.prompt": (
        "Сколько независимых проверяющих должны оценить работу (0–3)?"
    ),
    "form.request.proofers.label": "Проверяющие",
    "form.request.cost": "💳 Стоимость размещения: <b>{cost} кр.</b>",
    "form.request.confirm": "✅ Разместить заявку",
    "form.request.done": "✅ Заявка #{id} размещена. Мы сообщим о каждом отклике.",
    # bid
    "form.bid.title": "✋ Отклик",
    "form.bid.message.prompt": "Ваше предложение: как вы это сделаете и что автоматизировано?",
    "form.bid.message.label": "Сообщение",
    "form.bid.price.prompt": "Ваша цена?",
    "form.bid.price.label": "Цена",
    "form.bid.timeline_days.prompt": "Сколько дней займёт работа?",
    "form.bid.timeline_days.label": "Срок (дней)",
    "form.bid.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.bid.confirm": "✅ Отправить отклик",
    "form.bid.done": "✅ Отклик #{id} на заявку #{request} отправлен. Мы сообщим, когда заказчик примет решение.",
    "bid.intro": "✋ Отклик на заявку #{id} <b>{title}</b>\n💰 {budget} · ⏰ {deadline}",
    "bid.own": "Это ваша собственная заявка; откликнуться на неё нельзя.",
    "bid.closed": "Заявка #{id}: {status}. Новые отклики не принимаются.",
    # deliver
    "form.deliver.title": "📦 Сдача работы",
    "form.deliver.work.prompt": "Отправьте результат: файл, ссылку или его описание.",
    "form.deliver.work.label": "Результат",
    "form.deliver.note.prompt": "Добавить комментарий для заказчика? Необязательно.",
    "form.deliver.note.label": "Комментарий",
    "form.deliver.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.deliver.confirm": "📦 Сдать",
    "form.deliver.done": "📦 Работа по заказу #{id} сдана. Заказчика попросили её принять.",
    # review
    "form.review.title": "⭐ Отзыв",
    "form.review.rating.prompt": "Как всё прошло, от 1 до 5 звёзд?",
    "form.review.rating.label": "Оценка",
    "form.review.text.prompt": "Пара слов для других? Необязательно.",
    "form.review.text.label": "Отзыв",
    "form.review.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.review.confirm": "✅ Отправить отзыв",
    "form.review.done": (
        "⭐ Спасибо! Ваш отзыв о заказе #{id} сохранён. Отзывы слепые с обеих сторон: "
        "оба появятся, когда другая сторона тоже оставит отзыв, или через 14 дней."
    ),
    "review.intro": "⭐ Отзыв о заказе #{id}, вторая сторона: {other}",
    "review.not_party": "Оставить отзыв о заказе #{id} могут только его заказчик и исполнитель.",
    "review.not_completed": "Заказ #{id}: {status}. Отзывы открываются после завершения.",
    "review.done_already": "Вы уже оставили отзыв о заказе #{id}.",
    # revise, dispute, send back
    "form.revise.title": "🔁 Запрос доработки",
    "form.revise.note.prompt": "Что нужно изменить? Пишите конкретно; у исполнителя снова будет полный срок.",
    "form.revise.note.label": "Что изменить",
    "form.revise.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.revise.confirm": "🔁 Отправить на доработку",
    "form.revise.done": "🔁 Заказ #{id} отправлен на доработку; исполнитель уведомлён.",
    "form.dispute.title": "⚠️ Спор",
    "form.dispute.reason.prompt": (
        "Что пошло не так? Модератор прочитает это вместе с историей заказа, сообщениями и "
        "сданными работами. Пока спор открыт, все сроки стоят."
    ),
    "form.dispute.reason.label": "Причина",
    "form.dispute.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.dispute.confirm": "⚠️ Открыть спор",
    "form.dispute.done": "⚠️ По заказу #{id} открыт спор. Модератор свяжется с обеими сторонами.",
    "form.sendback.title": "↩ Вернуть агенту",
    "form.sendback.note.prompt": "Что агент должен исправить, прежде чем работу увидит заказчик?",
    "form.sendback.note.label": "Что исправить",
    "form.sendback.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.sendback.confirm": "↩ Вернуть",
    "form.sendback.done": "↩ Работа по заказу #{id} возвращена агенту.",
    # report
    "form.report.title": "🚩 Жалоба",
    "form.report.subject.prompt": (
        "На что вы жалуетесь? Например: offer 12, request 7, order 5, message 9 или @пользователь."
    ),
    "form.report.subject.label": "Объект",
    "form.report.reason.prompt": "Что не так?",
    "form.report.reason.label": "Причина",
    "form.report.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.report.confirm": "🚩 Отправить жалобу",
    "report.done": "🚩 Спасибо: жалоба на {subject} передана модераторам.",
    "report.bad_subject": "Укажите, на что жалуетесь, например offer 12, order 5 или @пользователь.",
    "report.unknown_user": "Пользователя {name} нет.",
    # agent
    "form.agent.title": "🤖 Новый агент",
    "form.agent.display_name.prompt": "Как зовут агента?",
    "form.agent.display_name.label": "Имя",
    "form.agent.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.agent.confirm": "✅ Создать агента",
    # -- listings --------------------------------------------------------------------------
    "myoffers.none": "У вас пока нет предложений. Опубликуйте первое через /newoffer.",
    "myoffers.header": "🗂 <b>Ваши предложения</b> ({count})",
    "myoffers.more": {
        "one": "…и ещё {count} старое предложение.",
        "few": "…и ещё {count} старых предложения.",
        "many": "…и ещё {count} старых предложений.",
        "other": "…и ещё {count} старого предложения.",
    },
    "myoffers.line": "🛍 <b>{title}</b> #{id} · {price} · {status}",
    "myrequests.none": "У вас пока нет заявок. Разместите первую через /newrequest.",
    "myrequests.header": "🗂 <b>Ваши заявки</b> ({count})",
    "myrequests.more": {
        "one": "…и ещё {count} старая заявка.",
        "few": "…и ещё {count} старые заявки.",
        "many": "…и ещё {count} старых заявок.",
        "other": "…и ещё {count} старой заявки.",
    },
    "myrequests.line": "📋 <b>{title}</b> #{id} · {budget} · {status} · 📨 {count}",
    "offer.own": "Это ваше собственное предложение; заказать его нельзя.",
    "offer.not_yours": "Предложение #{id} не ваше.",
    "offer.not_active": "Предложение #{id} сейчас недоступно.",
    "offer.order_confirm": "🛒 Заказать <b>{title}</b> у {seller} за <b>{price}</b>, срок — {days}?\n\nОплата вне платформы: вы рассчитываетесь с исполнителем напрямую. BotGig хранит сообщения, сданные работы, приёмку и историю заказа.",
    "offer.ordered": "✅ Заказ #{id} оформлен; исполнитель уведомлён.",
    "offer.renewed": (
        "🔄 Предложение #{id} продлено до {when}. Списано {cost} кр.; баланс: {balance}."
    ),
    "offer.boost_pick": "🚀 Поднимите предложение #{id} в начало списков ({cost} кр. в день):",
    "offer.boosted": (
        "🚀 Предложение #{id} продвигается до {when}. Списано {cost} кр.; баланс: {balance}."
    ),
    "request.closed": "Заявка #{id} закрыта; отклики на рассмотрении отклонены.",
    "proposals.none": "На заявку #{id} <b>{title}</b> пока нет откликов.",
    "proposals.header": {
        "one": "📨 <b>{count} отклик</b> на заявку #{id} <b>{title}</b>",
        "few": "📨 <b>{count} отклика</b> на заявку #{id} <b>{title}</b>",
        "many": "📨 <b>{count} откликов</b> на заявку #{id} <b>{title}</b>",
        "other": "📨 <b>{count} отклика</b> на заявку #{id} <b>{title}</b>",
    },
    "proposal.accepted": "🤝 Принято: заказ #{id} с исполнителем {seller} в работе.",
    "proposal.accept_confirm": (
        "🤝 Принять отклик #{id} от {seller}: <b>{price}</b>, срок {days}?\n"
        "Сразу начнётся заказ по заявке #{request} <b>{title}</b>, а заявка закроется."
    ),
    "proposal.accept_others": {
        "one": "Остальной {count} ожидающий отклик будет отклонён, исполнитель получит уведомление.",
        "few": "Остальные {count} ожидающих отклика будут отклонены, исполнители получат уведомление.",
        "many": "Остальные {count} ожидающих откликов будут отклонены, исполнители получат уведомление.",
        "other": "Остальные {count} ожидающего отклика будут отклонены, исполнители получат уведомление.",
    },
    "proposal.accept_no_others": "Других ожидающих откликов на неё нет.",
    "proposal.rejected": "Отклик #{id} отклонён.",
    "proposal.withdrawn": "Отклик #{id} отозван.",
    # -- orders ----------------------------------------------------------------------------
    "orders.none": "У вас пока нет заказов. Посмотрите /offers или разместите заявку: /newrequest.",
    "orders.header": "📦 <b>Ваши заказы</b> · активных: {active}, завершённых: {finished}",
    "orders.finished": "<b>Завершённые</b>",
    "order.stale": "Заказ #{id} сейчас: {status}. Это действие больше недоступно.",
    "order.no_revisions": {
        "one": "Заказ #{id} включал {count} доработку, и она использована. Примите работу или откройте спор, если работа не соответствует договорённости.",
        "few": "Заказ #{id} включал {count} доработки, и все они использованы. Примите работу или откройте спор, если работа не соответствует договорённости.",
        "many": "Заказ #{id} включал {count} доработок, и все они использованы. Примите работу или откройте спор, если работа не соответствует договорённости.",
        "other": "Заказ #{id} включал {count} доработки, и все они использованы. Примите работу или откройте спор, если работа не соответствует договорённости.",
    },
    "order.approved": "✅ Заказ #{id} принят и завершён. Оставьте отзыв, когда будет удобно.",
    "order.approved_release": (
        "✅ Заказ #{id} принят; выплата исполнителю пройдёт после периода ожидания."
    ),
    "order.cancelled": "✖ Заказ #{id} отменён.",
    "order.cancel_requested": (
        "✖ Вы запросили отмену заказа #{id}; он будет отменён, когда другая сторона согласится."
    ),
    "order.cancel_confirm_now": "Отменить заказ #{id} сейчас?",
    "order.cancel_confirm_ask": (
        "Запросить отмену заказа #{id}? Заказ в работе отменяется только по согласию обеих сторон."
    ),
    "order.signed_off": "✅ Вы одобрили работу по заказу #{id}; теперь её видит заказчик.",
    "order.file": "📎 {name} из заказа #{id}",
    "relay.entered": (
        "💬 Вы в чате заказа #{id}: всё, что вы напишете, получит {other}.\n"
        "/order или /cancel — выйти."
    ),
    "relay.left": "Вы вышли из чата заказа #{id}.",
    "relay.closed": "Заказ #{id} закрыт, переписка тоже.",
    "relay.sent": "✓ Отправлено в заказ #{id}.",
    "relay.redacted": (
        "🔒 Удалено перед отправкой: {kinds}. Никогда не пересылайте ключи, пароли и "
        "сид-фразы; давайте доступ через ограниченные учётные данные, которые можно отозвать."
    ),
    # -- account ---------------------------------------------------------------------------
    "balance.text": (
        "💳 <b>Кредиты: {balance}</b>\n\n"
        "Кредиты оплачивают действия на платформе, но не услуги:\n"
        "• публикация предложения: {publish} (на {days} дн.)\n"
        "• продление предложения: {renew}\n"
        "• продвижение: {boost} в день\n"
        "• размещение заявки: {request}\n"
        "• верификация: {verification}\n"
        "• смена имени пользователя: {username} (первая — бесплатно)"
    ),
    "history.none": "Движений по кредитам пока нет.",
    "history.header": "🧾 <b>История кредитов</b>",
    "history.line": "<code>{amount}</code> · {memo} · {when}",
    "profile.title": "👤 <b>{name}</b> · #{id}",
    "profile.trust": "🛡 Рейтинг доверия: <b>{score}/100</b>",
    "profile.rating": "⭐ Средняя оценка: {rating}",
    "profile.completed": "✅ Завершённых заказов: {seller} как исполнитель, {buyer} как заказчик",
    "profile.completion": "📈 Доля завершённых: {pct}%",
    "profile.disputes": "⚠️ Доля споров: {pct}%",
    "profile.verification.none": "🪪 Не верифицирован",
    "profile.verification.pending": "🪪 Верификация на рассмотрении",
    "profile.verification.verified": "🪪 Верифицирован ✓",
    "profile.since": "📅 С нами с {when}",
    "profile.banned": "⛔ Заблокирован",
    "profile.reviews": "Последние отзывы",
    "profile.own_hint": "Задайте @имя через /username; пройдите верификацию через /verify.",
    "username.done": "✅ Теперь вы {name}.",
    "username.same": "Вы уже {name}.",
    "username.taken": "Имя {name} занято; выберите другое.",
    "username.confirm": "Сменить имя пользователя на {name}? Смена стоит {cost} кр.",
    "verify.already": "🪪 Ваш аккаунт уже верифицирован.",
    "verify.pending": "🪪 Ваш запрос на верификацию ждёт модератора.",
    "verify.confirm": (
        "🪪 Верификация: модератор проверяет, кто отвечает за этот аккаунт. У верифицированных "
        "аккаунтов выше доверие. Стоимость: {cost} кр."
    ),
    "verify.requested": (
        "🪪 Запрос на верификацию отправлен; его рассмотрит модератор. Списано {cost} кр.; "
        "баланс: {balance}."
    ),
    "agents.none": (
        "🤖 У вас пока нет агентов. Агент работает от вашего имени: его работы и сообщения "
        "помечены как 🤖 под вашим кураторством."
    ),
    "agents.header": "🤖 <b>Ваши агенты</b> ({count})",
    "agents.line": "• {name} #{id} · доверие {trust} · {status}",
    "agents.keys_hint": "Новый ключ для агента (старый перестанет работать): /agents key &lt;id&gt;",
    "agents.created": (
        "🤖 Агент {name} (#{id}) создан; его работа помечена как 🤖 под вашим кураторством."
    ),
    "agents.key_rotated": "🔑 Новый API-ключ для агента {name} (#{id}); прежние ключи больше не работают.",
    "agents.key": (
        "Его API-ключ (показывается один раз): <code>{key}</code>\nПередайте его агенту в "
        "заголовке <code>X-API-Key</code>."
    ),
    "agents.key_private": "🔒 Получите API-ключ в личном чате с ботом: /agents key {id}",
    "agents.agent_itself": "Аккаунт агента не может курировать других агентов.",
    "apikey.issued": (
        "🔑 Ваш новый API-ключ (показывается один раз; прежние ключи больше не работают):\n<code>{key}</code>\n"
        "Передавайте его в заголовке <code>X-API-Key</code>. Доступ к API оплачен до {until}, "
        "затем продлевается за кредиты. Руководство для агентов: /llms.txt в API."
    ),
    "apikey.private_only": "🔒 Запросите API-ключ в личном чате с ботом, а не здесь.",
    # -- top-ups (handlers.commands.topup) -----------------------------------------------------
    "topup.header": "➕ <b>Пополнение кредитов</b> · ваш баланс: {balance} кр.",
    "topup.none": (
        "➕ Пополнение сейчас недоступно в этом BotGig. Ваш баланс: {balance} кр.; "
        "по запросу модератор может скорректировать кредиты."
    ),
    "topup.crypto_title": "🪙 Криптовалюта",
    "topup.crypto_send": (
        "Отправьте {symbols} в сети <b>{network}</b> (chain id {chain_id}) на ваш личный адрес для пополнения:"
    ),
    "topup.crypto_rate": "• 1 {symbol} = {rate} кр. · минимум {minimum} {symbol}",
    "topup.crypto_token": "  контракт токена {contract}",
    "topup.crypto_terms": (
        "Зачисляется после подтверждений: {confirmations}; пополнения меньше {min_credits} кр. "
        "учитываются, но не зачисляются. Отправляйте только в сети {network}: средства, "
        "отправленные в другой сети, будут потеряны."
    ),
    "topup.stars_text": (
        "⭐ <b>Telegram Stars</b>\nВыберите пакет; Telegram попросит подтвердить оплату."
    ),
    "topup.stars_pack": "{credits} кр. · ⭐ {stars}",
    "topup.stars_telegram_only": "Пакеты за Telegram Stars можно купить только в боте Telegram.",
    "history.ref_tx": " · tx {ref}",
    "history.ref_stars": " · платёж Stars {ref}",
    "stars.invoice_title": "Кредиты BotGig: {credits}",
    "stars.invoice_description": (
        "Кредиты для вашего аккаунта BotGig ({credits}): ими оплачиваются публикация, продвижение "
        "и другие действия на платформе. Кредиты нельзя передать или вывести."
    ),
    "stars.invoice_label": "Кредиты: {credits}",
    "stars.payment_unmatched": (
        "⚠️ Ваш платёж Stars {charge} не удалось сопоставить с пакетом; кредиты не "
        "зачислены. Модераторы уведомлены: они вернут платёж или зачислят кредиты."
    ),
    # -- one account on Telegram and Discord (/link, /settings) --------------------------------
    "platform.telegram": "Telegram",
    "platform.discord": "Discord",
    "link.none": "нет",
    "link.code": (
        "🔗 Ваш код привязки: {code}\n"
        "Он одноразовый и действует {minutes} мин. В {platform} введите {how}; после этого обе "
        "платформы используют этот аккаунт с его заказами и кредитами.\n"
        "Сейчас привязаны: {platforms}."
    ),
    "link.how.telegram": "<code>/link {code}</code> в чате с ботом BotGig",
    "link.how.discord": "<code>/link code:{code}</code> на сервере BotGig или в личных сообщениях с ботом",
    "link.done": "✅ Готово. Аккаунт #{id} теперь привязан к: {platforms}.",
    "link.merged": (
        "В вашем аккаунте {platform} #{absorbed} ещё не было активности, поэтому он объединён с "
        "аккаунтом #{id}."
    ),
    "link.grant_dropped": (
        "Его приветственные кредиты ({credits}) не перенесены: приветственный бонус выдаётся "
        "один раз на человека."
    ),
    "link.notify_hint": "Уведомления приходят на платформу, которой вы пользовались последней; выбрать: /settings.",
    "link.removed": "🔗 {platform} отвязан от этого аккаунта. Сейчас привязаны: {platforms}.",
    "link.removed_here": (
        "🔗 {platform} отвязан от этого аккаунта (сейчас привязаны: {platforms}). Следующее "
        "сообщение здесь создаст новый, отдельный аккаунт."
    ),
    "settings.text": (
        "⚙️ <b>Настройки</b>\n"
        "🔔 Уведомления: <b>{where}</b> ({choice})\n"
        "🔗 Привязанные платформы: {platforms} (/link — добавить)"
    ),
    "settings.chosen": "ваш выбор: {platform}",
    "settings.auto": "последняя использованная платформа",
    "settings.nowhere": "никуда (привяжите платформу через /link)",
    "settings.saved": "✅ Сохранено.",
    "btn.notify_telegram": "🔔 В Telegram",
    "btn.notify_discord": "🔔 В Discord",
    "btn.notify_auto": "🔔 Последняя платформа",
    # -- notifications -----------------------------------------------------------------------
    "n.order_ref": "заказ #{id} «{title}»",
    "n.order_ref_bare": "заказ #{id}",
    "n.order_created": "🆕 Новый {order}, заказчик {buyer}: {price} · {due}",
    "n.order_created_unfunded": (
        "🆕 Новый {order}, заказчик {buyer}: {price}. Работа начнётся после оплаты заказчиком."
    ),
    "n.order_funded": "💳 Оплачен {order}; можно начинать работу ({due}).",
    "n.order_delivered_buyer": (
        "📦 Работа сдана: {order} ({who}).\nПроверьте её, затем примите или отправьте на "
        "доработку. Без ответа заказ будет принят автоматически через {days} дн."
    ),
    "n.order_delivered": "📦 Работа сдана: {order} ({who}).",
    "n.order_delivered_file": "📎 Сданный файл: <b>{name}</b> (кнопка ниже пришлёт его).",
    "n.order_signoff_supervisor": (
        "🤖 Работа сдана: {order} ({agent}). Одобрите её, прежде чем её увидит заказчик, или верните."
    ),
    "n.order_signoff_buyer": (
        "📦 Агент сдал {order}; куратор проверит работу, прежде чем вы её увидите."
    ),
    "n.order_sent_back": "↩ Работа возвращена: {order} ({who}).{note}",
    "n.order_revision": "🔁 Запрошена доработка: {order} ({who}, {due}).{note}",
    "n.order_approved": "✅ Работа принята: {order} ({who}).",
    "n.order_approved_release": (
        "✅ Работа принята: {order} ({who}); выплата пройдёт после периода ожидания."
    ),
    "n.order_auto_approved": "✅ Работа принята автоматически спустя {days} дн.: {order}.",
    "n.order_auto_approved_release": (
        "✅ Работа принята автоматически спустя {days} дн.: {order}; выплата пройдёт после "
        "периода ожидания."
    ),
    "n.order_completed": "🎉 Завершён {order}. Как всё прошло? Отзывы слепые с обеих сторон.",
    "n.order_cancelled": "✖ Отменён {order}: {reason}.{note}",
    "n.cancel_reason.cancel": "по согласию сторон",
    "n.cancel_reason.cancel_unfunded": "отмена до оплаты",
    "n.cancel_reason.funding_timeout": "не оплачен вовремя",
    "n.cancel_reason.seller_timeout": "не сдан в срок",
    "n.order_cancel_requested": (
        "✖ {who} просит отменить {order}.{note}\nСогласитесь кнопкой или командой /cancelorder {id} "
        "либо сначала напишите собеседнику."
    ),
    "n.order_disputed": (
        "⚠️ {who} открывает спор: {order}.{note}\nВсе сроки остановлены до решения модератора; "
        "изложить свою позицию можно в сообщениях заказа."
    ),
    "n.order_held": "⏸ Модератор приостановил {order}.{note}",
    "n.order_unheld": "▶ Снят с паузы {order}: {status}.",
    "n.order_reversed": "↩ Модератор отменил приёмку: {order}; работа снова в статусе «сдан».{note}",
    "n.order_proofing_started": "🔍 Проверяющие оценивают работу: {order}.",
    "n.order_proofing_finished": "🔍 Проверка завершена: {order}; работа ждёт приёмки.",
    "n.reminder_seller": "⏰ Напоминание: {order} — {due}; сдайте работу вовремя или напишите заказчику.",
    "n.reminder_buyer": (
        "⏰ Напоминание: {order} будет принят автоматически {when}, если вы не примете его или не отправите на доработку."
    ),
    "n.dispute_resolved": "⚖️ Модератор вынес решение: {order} — {outcome}.{note}",
    "n.ruling.release": "деньги получает исполнитель",
    "n.ruling.refund": "деньги возвращаются заказчику",
    "n.ruling.split": "раздел, заказчику возвращается {pct}%",
    "n.ruling.resume": "работа продолжается",
    "n.dispute_claimed": "👮 Модератор взял спор в работу: {order}.",
    "n.payment_released": "💸 {amount} по заказу выплачено исполнителю: {order}.",
    "n.payment_refunded": "💸 {amount} по заказу возвращено заказчику: {order}.",
    "n.message": (
        "💬 <b>Заказ #{id}</b> · {who}\n{text}{extra}\n\n"
        "<i>Ответьте на это сообщение, чтобы написать в ответ.</i>"
    ),
    "n.review_received": (
        "⭐ Новый отзыв от {who}: {order}. Отзывы слепые с обеих сторон: вы увидите его, когда "
        "оставите свой, или через {days} дн."
    ),
    "n.reviews_revealed": "⭐ Отзывы опубликованы: {order}\n{reviews}",
    "n.review_line": "{who} → {subject}: {stars}{text}",
    "n.application_received": "📨 Новый отклик на вашу заявку #{id} «{title}» от {seller} (доверие {trust}): {price}, {days}.",
    "n.application_accepted": (
        "🎉 Ваш отклик на «{title}» принят: начат заказ #{id}. Держите заказчика в курсе "
        "в сообщениях заказа."
    ),
    "n.application_rejected": "Ваш отклик на «{title}» отклонён. Вас ждут другие заявки.",
    "n.application_withdrawn": "{who} отзывает свой отклик на «{title}».",
    "n.offer_published": "🛍 Ваше предложение #{id} «{title}» опубликовано.",
    "n.offer_expired": (
        "⌛ Срок вашего предложения #{id} «{title}» истёк. Продлите его за {cost} кр., чтобы снова опубликовать."
    ),
    "n.request_posted": "📋 Ваша заявка #{id} «{title}» размещена.",
    "n.request_expired": "⌛ Срок вашей заявки #{id} «{title}» истёк, она закрыта.",
    "n.credits_topped_up": "💳 +{amount} кр. ({source}). Баланс: {balance}.",
    "n.topup_source.topup_crypto": "криптовалюта",
    "n.topup_source.topup_stars": "Telegram Stars",
    "n.topup_ref.topup_crypto": "\nТранзакция: {ref}",
    "n.topup_ref.topup_stars": "\nПлатёж Stars: {ref}",
    "n.deposit_seen": (
        "⏳ Пополнение обнаружено: {amount} {symbol} в сети {network}, это {credits} кр. "
        "Подтверждения: {confirmations}/{needed}; зачисление после {needed}.\nТранзакция: {tx}"
    ),
    "n.deposit_seen_below": (
        "\n⚠️ Это меньше минимума ({minimum} кр.): пополнение будет учтено, но не "
        "зачислено."
    ),
    "n.deposit_below_minimum": (
        "⚠️ Ваше пополнение {amount} {symbol} — это {credits} кр., меньше минимума "
        "({minimum}): оно учтено, но не зачислено. Обратитесь к модератору, если нужно это "
        "урегулировать.\nТранзакция: {tx}"
    ),
    "n.deposit_held": (
        "⏸ Ваше пополнение {amount} {symbol} ({credits} кр.) удержано до решения модераторов, "
        "потому что ваш аккаунт заблокирован.\nТранзакция: {tx}"
    ),
    "n.deposit_reorged": (
        "↩️ Пополнение {amount} {symbol} отменено из-за реорганизации блокчейна и не будет "
        "зачислено, если транзакцию не включат в блок снова.\nТранзакция: {tx}"
    ),
    "n.stars_refunded": (
        "↩️ Модератор вернул ваш платёж в Telegram Stars: вам возвращено ⭐ {stars}, "
        "списано {credits} кр. Баланс: {balance}."
    ),
    "n.credits_adjusted": "💳 Модератор скорректировал ваши кредиты на {delta}. Баланс: {balance}.{note}",
    "n.account_banned": (
        "⛔ Ваш аккаунт заблокирован.{note}\nВы по-прежнему можете просматривать свои данные. "
        "Если считаете это ошибкой, свяжитесь с модераторами."
    ),
    "n.account_unbanned": "✅ Ваш аккаунт снова активен.",
    "n.verification_requested": "🪪 Ваш запрос на верификацию ждёт модератора.",
    "n.verification_approved": "🪪 Ваш аккаунт верифицирован ✓ — теперь это учитывается в рейтинге доверия.",
    "n.verification_declined": "🪪 В верификации отказано.{note}",
    "n.listing_hidden": "🙈 Модератор скрыл: {kind} #{id} «{title}».{note}",
    "n.listing_kind.offer": "предложение",
    "n.listing_kind.request": "заявка",
    "n.proof_submitted": "🔍 Проверяющий отправил оценку: {order}.",
    "n.report_filed": "🚩 Ваша жалоба на {subject} зарегистрирована.",
    "n.order_update": "🔔 Обновление: {order} — {status}",
    # -- channels ----------------------------------------------------------------------------
    "feed.offer": "🛍 <b>Новое предложение</b> #{id}\n<b>{title}</b>\n{category} · {price}",
    "feed.request": (
        "📋 <b>Новая заявка</b> #{id}\n<b>{title}</b>\n{category} · бюджет {budget} · "
        "приём откликов до {deadline}"
    ),
    "admin.order_disputed": "⚠️ Спор по заказу {order} «{title}» от {actor}:\n{note}\n/disputes",
    "admin.dispute_resolved": "⚖️ Решение по заказу {order} ({actor}): {ruling}.\n{note}",
    "admin.dispute_claimed": "👮 Дело {dispute} (заказ {order}) взято в работу: {moderator}.",
    "admin.order_held": "⏸ Заказ {order} приостановлен ({actor}): {note}",
    "admin.order_unheld": "▶ Заказ {order} снят с паузы ({actor}).",
    "admin.order_reversed": "↩ Приёмка заказа {order} отменена ({actor}): {note}",
    "admin.account_banned": "⛔ Аккаунт {account} заблокирован: {note}",
    "admin.verification_requested": "🪪 Запрос верификации от аккаунта {account}. /verifications",
    "admin.report_filed": "🚩 Жалоба {report} на {subject} от {reporter}:\n{note}\n/reports",
    "admin.deposit_held": (
        "💰 Криптопополнение заблокированного аккаунта {account} удержано для проверки: "
        "модератор зачисляет его или урегулирует вне платформы."
    ),
    "admin.generic": "🔔 {type}",
    # -- safety and moderation notices (admin channel issue) --
    "n.secret_redacted": (
        "🔒 Из вашего текста ({subject}) удалено: {kinds} — ещё до того, как его кто-то увидел. "
        "Никогда не передавайте учётные данные, которые нельзя отозвать: давайте минимальные "
        "права и временные токены и замените всё, что уже отправили."
    ),
    "n.account_warned": (
        "⚠️ Модератор вынес вам предупреждение: {reason}\nПовторные нарушения могут привести к "
        "блокировке; если считаете это ошибкой, ответьте через /report."
    ),
    "admin.dispute_unclaimed": "⏰ Дело {dispute} (заказ {order}) всё ещё никто не взял.",
    # -- escrow on Stripe (handlers/commands/payouts.py, handlers/render_payments.py) ----------
    "cmd.wallet": "Ваш кошелёк для заказов через эскроу",
    "cmd.pay": "Оплатить заказ через эскроу: /pay <заказ>",
    "usage.wallet": (
        "Формат: /wallet или /wallet deposit &lt;сумма&gt;\nПример: <code>/wallet deposit 50</code>"
    ),
    "usage.pay": "Формат: /pay &lt;id заказа&gt;\nПример: <code>/pay 7</code>",
    "payouts.off": (
        "💸 Эскроу в этом BotGig не настроен: заказы оплачиваются вне платформы, напрямую "
        "между заказчиком и исполнителем; BotGig отслеживает работу и приёмку."
    ),
    "payouts.title": "💸 <b>Выплаты через Stripe</b>",
    "payouts.state.not_started": "Ещё не настроено: подключите аккаунт Stripe, чтобы принимать заказы через эскроу.",
    "payouts.state.action_required": "Stripe нужны дополнительные данные, прежде чем он сможет делать вам выплаты.",
    "payouts.state.pending": "Данные отправлены; Stripe их проверяет.",
    "payouts.state.enabled": "✅ Выплаты включены: заказчики могут заказывать у вас через эскроу.",
    "payouts.state.restricted": "⛔ Stripe ограничил выплаты на ваш аккаунт; откройте ссылку, чтобы это исправить.",
    "payouts.requirements": {
        "one": "В Stripe осталось заполнить {count} пункт.",
        "few": "В Stripe осталось заполнить {count} пункта.",
        "many": "В Stripe осталось заполнить {count} пунктов.",
        "other": "В Stripe осталось заполнить {count} пункта.",
    },
    "payouts.link_hint": "Ссылка одноразовая и действует несколько минут; новую можно получить через /payouts.",
    "btn.payouts_link": "Открыть Stripe",
    "payments.stripe_failed": "Stripe не ответил; попробуйте ещё раз через минуту.",
    "wallet.balance": (
        "👛 В вашем кошельке {balance} — это деньги для заказов через эскроу (не кредиты). "
        "Пополнить: /wallet deposit &lt;сумма&gt;."
    ),
    "wallet.deposit": "👛 Пополните кошелёк на {amount} картой:",
    "btn.pay_card": "💳 Оплатить картой",
    "btn.pay_wallet": "👛 Оплатить из кошелька",
    "btn.place_order_escrow": "🔒 Заказать через эскроу",
    "btn.accept_escrow": "🔒 Принять с эскроу",
    "escrow.offer_choice": (
        "Или оплатите через эскроу: BotGig держит деньги, пока вы не примете работу, а затем "
        "после периода ожидания перечисляет их исполнителю."
    ),
    "escrow.fee_line": "Комиссия платформы {fee} ({pct}%) удерживается из выплаты исполнителю; исполнитель получит {seller}.",
    "escrow.pay": "🔒 Заказ #{id} ждёт вашей оплаты <b>{amount}</b> на эскроу.",
    "escrow.wallet_covers": "В кошельке достаточно средств ({balance}).",
    "escrow.funded": "🔒 Заказ #{id} оплачен: {amount} на эскроу.",
    "escrow.funded_wallet": "🔒 Заказ #{id} оплачен из кошелька; исполнитель может начинать.",
    "escrow.ordered": "✅ Заказ #{id} у {seller} оформлен через эскроу; работа начнётся после оплаты.",
    "n.payment_paid_out": "💸 {amount} за {order} переведено на ваш аккаунт Stripe.",
    "n.payment_failed": "❌ Оплата не прошла ({order}): {reason}\nМожно попробовать ещё раз.",
    "n.payment_returned": "↩ Вам возвращён платёж {amount} ({order}): {reason}.",
    "n.wallet_credited": "👛 В кошелёк поступило {amount}; теперь в нём {balance}.",
    "n.payouts_enabled": "✅ Stripe включил выплаты: теперь заказчики могут заказывать у вас через эскроу.",
    "n.payouts_disabled": "⚠️ Stripe приостановил выплаты; отправьте /payouts, чтобы узнать, что нужно.",
    "admin.payment_job_failed": "💸❌ Ошибка платёжного вызова по заказу {order}: {note}",
    "admin.payment_chargeback": "💳⚠️ Чарджбэк по карте, заказ {order} приостановлен: {note}",
    "admin.payment_unexpected": "💳❓ Stripe провёл движение денег, которого BotGig не запрашивал (заказ {order}): {note}",
    # -- errors: error.<code> for each core.shared.errors.ErrorCode, the same placeholders ---------
    "error.not_found": "Не найдено: {What} {ident}.",
    "error.order.invalid_transition": "Заказ {order_id} в статусе {status}: действие «{action}» сейчас невозможно.",
    "error.credits.insufficient": "Нужно кредитов: {needed}, на балансе: {balance}. Пополните через {cmd_topup} и попробуйте снова.",
    "error.rate_limited": "Слишком много действий; попробуйте снова через {seconds} с.",
    # -- errors: orders
    "error.order.escrow_required": "Заказ {order_id} оплачивается вне платформы: для «{action}» нужен эскроу.",
    "error.order.no_revisions_left": "Все включённые доработки использованы ({included}). Примите работу или откройте спор, если она не соответствует договорённости.",
    "error.order.role_not_allowed": "Заказ {order_id}: «{action}» недоступно для вашей роли.",
    "error.order.signoff_not_required": "Заказу {order_id} не нужно подтверждение куратора.",
    # -- admin channel
    "admin.usage": "Формат: {usage}",
    "admin.usage.disputes": "/disputes — нерешённые дела",
    "admin.usage.case": "/case &lt;id&gt; — дело со всеми материалами",
    "admin.usage.claim": "/claim &lt;id&gt; — взять дело",
    "admin.usage.rule": "/rule &lt;id&gt; release|refund|split &lt;pct&gt;|resume &lt;комментарий&gt; — например /rule 4 split 30 Не хватало половины строк (pct — доля возврата заказчику, остальное получает исполнитель)",
    "admin.usage.hold": "/hold &lt;заказ&gt; &lt;причина&gt; — заморозить заказ и его оплату",
    "admin.usage.unhold": "/unhold &lt;заказ&gt; — снять заморозку",
    "admin.usage.release": "/release &lt;заказ&gt; [комментарий] — выплатить деньги, застрявшие в периоде ожидания",
    "admin.usage.reverse": "/reverse &lt;заказ&gt; &lt;комментарий&gt; — отменить приёмку в период ожидания выплаты",
    "admin.usage.refund": "/refund &lt;заказ&gt; &lt;комментарий&gt; — вернуть заказчику выплаченные деньги завершённого заказа с эскроу (сначала отзывается выплата исполнителю)",
    "admin.usage.ban": "/ban &lt;пользователь&gt; &lt;причина&gt; — пользователь как @имя или #id",
    "admin.usage.unban": "/unban &lt;пользователь&gt;",
    "admin.usage.warn": "/warn &lt;пользователь&gt; &lt;причина&gt; — официальное предупреждение: отправляется пользователю и сохраняется в истории",
    "admin.usage.hide": "/hide &lt;offer:ID|request:ID&gt; &lt;причина&gt;",
    "admin.usage.unhide": "/unhide &lt;offer:ID|request:ID&gt;",
    "admin.usage.verifications": "/verifications — аккаунты, ожидающие верификации",
    "admin.usage.verify_ok": "/verify_ok &lt;пользователь&gt;",
    "admin.usage.verify_no": "/verify_no &lt;пользователь&gt; &lt;причина&gt;",
    "admin.usage.credit": "/credit &lt;пользователь&gt; &lt;+n|-n&gt; &lt;причина&gt; — например /credit @bob +20 возврат за продвижение",
    "admin.usage.reports": "/reports — очередь жалоб",
    "admin.usage.stats": "/stats [дни] — аналитика пилота (по умолчанию 30 дней) с графиком",
    "admin.usage.audit": "/audit &lt;order:ID|account:ID|@пользователь&gt; — история заказа или пользователя",
    "admin.usage.mod": "/mod add|remove &lt;пользователь&gt; — только для владельцев",
    "admin.usage.refund_stars": "/refund_stars &lt;id платежа&gt; [причина] — вернуть платёж в Telegram Stars, пока его кредиты не потрачены (id платежа есть в /history пользователя)",
    "admin.usage.cancel": "/cancel — отменить решение, для которого запрошен комментарий",
    "admin.usage.help": "/help — этот список",
    "admin.refused.chat": "⛔ Команды администратора работают только в канале модераторов. Попытка записана в журнал.",
    "admin.refused.role": "⛔ Команды администратора доступны только модераторам. Попытка записана в журнал.",
    "admin.refused.banned": "⛔ Ваш аккаунт заблокирован; команды администратора отклонены. Записано в журнал.",
    "admin.unknown": "Неизвестная команда администратора /{name}. Отправьте /help, чтобы увидеть список.",
    "admin.help": "🛡 <b>Команды администратора</b>\n{lines}",
    "admin.button_invalid": "Эта кнопка больше не действует.",
    "admin.nothing": "Нечего отменять.",
    "admin.cancelled": "Отменено; решение не вынесено.",
    "admin.disputes_none": "✅ Открытых дел нет.",
    "admin.disputes_title": "⚖️ <b>Открытые дела</b> ({count})",
    "admin.claimed": "👮 Дело {id} за вами, {who}. Решение — кнопками или через /rule.",
    "admin.resolved_already": "⚠️ Дело {id} уже решено.",
    "admin.claimed_by_other": "⚠️ Дело {id} уже в работе у #{moderator}.",
    "admin.prompt_note": "✍️ Дело {id} → <b>{ruling}</b>. Ответьте на это сообщение комментарием, который прочитают обе стороны (или /cancel).",
    "admin.prompt_split": "✍️ Дело {id} → <b>split</b>. Ответьте на это сообщение: процент возврата заказчику (остальное получит исполнитель) и комментарий, который прочитают обе стороны, например <code>30 Не хватало половины строк</code> (или /cancel).",
    "admin.prompt_verify_no": "✍️ Отказ в верификации {who}. Ответьте на это сообщение причиной, которую увидит пользователь (или /cancel).",
    "admin.ruled": "⚖️ Решение по делу {id}: <b>{ruling}</b>. Обе стороны получили уведомление с комментарием.",
    "admin.split_ruling": "{ruling}: заказчику возвращается {pct}%",
    "admin.split_range": "⚠️ Доля возврата заказчику — целое число от 1 до 99 (для 100 используйте refund, для 0 — release).",
    "admin.override": "{icon} Заказ #{order}: {done}. {payment}",
    "admin.override.hold": "приостановлен",
    "admin.override.unhold": "снят с паузы",
    "admin.override.release": "деньги выплачены",
    "admin.override.reverse": "снова в статусе «сдан» (приёмка отменена)",
    "admin.refunded": "↩️ Заказ #{order}: {amount} возвращается заказчику; уже отправленная выплата сначала отзывается. Обе стороны уведомлены.",
    "admin.override_escrow": "Платёжную часть выполнил адаптер эскроу.",
    "admin.override_state_only": "⚠️ Оплата не затронута: {why}.",
    "admin.banned": "🚫 Аккаунт {who} заблокирован; его публикации скрыты, причина сообщена.{orders}",
    "admin.banned_orders": "\nОткрытые заказы для проверки: {orders}",
    "admin.unbanned": "✅ Аккаунт {who} разблокирован; публикации, скрытые из-за блокировки, снова видны.",
    "admin.warned": "⚠️ Аккаунту {who} вынесено предупреждение; оно сохранено в истории.",
    "admin.hidden": "🙈 Скрыто: {listing}; владельцу сообщена причина.",
    "admin.unhidden": "👁 Снова видно: {listing}.",
    "admin.verifications_none": "Запросов на верификацию нет.",
    "admin.verifications_title": "🪪 <b>Запросы на верификацию</b> ({count})",
    "admin.verification_line": "• {who} · {kind} · доверие {trust} · регистрация {joined}",
    "admin.verified": "✅ Аккаунт {who} верифицирован.",
    "admin.declined": "❌ В верификации {who} отказано; причина сообщена.",
    "admin.credited": "💳 {who}: {delta} кр. ({reason}). Баланс: {balance}.",
    "admin.reports_none": "✅ Очередь жалоб пуста.",
    "admin.reports_title": "🚩 <b>Жалобы</b> ({count})",
    "admin.report_line": "• #{id} {subject} от #{actor} {at}: {note}",
    "admin.report_closed": "Жалоба {id} закрыта.",
    "admin.mod_added": "🛡 {who} теперь модератор.",
    "admin.mod_removed": "{who} больше не модератор.",
    "admin.audit_title": "📜 <b>История: {subject}</b>",
    "admin.audit_empty": "Записей нет.",
    "admin.audit_event": "• {at} {action} → {status} — #{actor} [{role}]{note}",
    "admin.audit_entry": "• {at} {action} ({subject}) — #{actor}{note}{data}",
    "admin.stars_refunded": "⭐ Платёж Stars <code>{charge}</code> возвращён: на аккаунт #{account} возвращено ⭐ {stars}, списано {credits} кр.",
    "admin.stars_no_refunder": "Для возврата Stars нужен бот Telegram, а здесь он не запущен.",
    "admin.contact_flagged": "🚩 Возможный контакт вне платформы ({kinds}) от #{account} в {subject}:\n{excerpt}\n/audit account:{account}",
    "admin.moderators_wanted": "Модераторы?",
    "admin.btn.claim": "👮 Взять",
    "admin.btn.release": "✅ Выплатить",
    "admin.btn.refund": "↩️ Вернуть",
    "admin.btn.split": "➗ Разделить",
    "admin.btn.resume": "🔁 Продолжить",
    "admin.btn.case": "Дело {id}",
    "admin.btn.approve": "✅ #{id}",
    "admin.btn.decline": "❌ #{id}",
    "admin.btn.close_report": "Закрыть #{id}",
    "admin.card.system": "система",
    "admin.card.minutes_ago": "{n} мин назад",
    "admin.card.hours_ago": "{n} ч назад",
    "admin.card.days_ago": "{n} дн. назад",
    "admin.card.agent": "🤖 агент",
    "admin.card.verified": "верифицирован ✓",
    "admin.card.banned": "⛔ заблокирован",
    "admin.card.moderator": "🛡 модератор",
    "admin.card.rating": "★{average} ({count})",
    "admin.card.no_ratings": "нет оценок",
    "admin.card.buyer": "Заказчик",
    "admin.card.seller": "Исполнитель",
    "admin.card.party": "{label} {who} · доверие {trust} · {rating} · заказов: {orders}, выполнено как исполнитель: {completed}/{finished}, споров: {disputed} · регистрация {joined}",
    "admin.card.event": "• {at} {action} → {status} — {actor} [{role}]{note}",
    "admin.card.message": "• {at} {icon} {name}: {text}{file}{redacted}",
    "admin.card.redacted": " 🔒скрыто",
    "admin.card.automated": "(автоматически: {how}{reviewed})",
    "admin.card.reviewed_by": ", проверил #{id}",
    "admin.card.undeclared": "(происхождение не указано{reviewed})",
    "admin.card.open": "🟡 открыто, никто не взял",
    "admin.card.claimed": "🟠 в работе у {who}",
    "admin.card.resolved": "✅ решено: {ruling}",
    "admin.card.title": "Дело {id}",
    "admin.card.header": "⚖️ {title} · заказ #{order} «{subject}» · {status}",
    "admin.card.opened": "Открыто {ago}, {who} ({role}): {reason}",
    "admin.card.role.buyer": "заказчик",
    "admin.card.role.seller": "исполнитель",
    "admin.card.terms": "{price} · {mode} · сейчас {status} · доработок {used}/{included} · срок {due}",
    "admin.card.supervised": "Куратор исполнителя: {who}",
    "admin.card.shared": "Другие заказы между ними: {orders}",
    "admin.card.ruling_note": "Комментарий к решению: {note}",
    "admin.card.timeline": "Хронология",
    "admin.card.earlier": "… ранее: {count}",
    "admin.card.deliveries": "Сдача работы",
    "admin.card.messages": "Сообщения",
    "admin.card.none": "• нет",
    "admin.card.moderator_log": "Журнал модерации",
    "admin.card.moderator_entry": "• {at} {action} — #{actor}{note}",
    "admin.card.unclaimed": "⏰ Всё ещё никто не взял. {mention}",
    "admin.card.line": "• {title} · заказ #{order} «{subject}» · {price} · {state} · открыто {ago}",
    "admin.card.line_unclaimed": "никто не взял",
    "admin.card.line_claimed": "в работе у #{moderator}",
    "admin.stats.title": "📊 Пилот за {days} дн. ({since} – {until} UTC)",
    "admin.stats.requests": "Размещено заявок: {requests} ({categories})",
    "admin.stats.none": "нет",
    "admin.stats.offers": "Опубликовано предложений: {offers}",
    "admin.stats.proposals": "Отклики: {proposals} · на заявку {per_request} · заявок с откликами: {answered} · медиана до первого: {median}",
    "admin.stats.request_conversion": "Заявки → заказы: {converted}/{requests} ({rate})",
    "admin.stats.offer_conversion": "Предложения → заказы: {converted}/{offers} ({rate})",
    "admin.stats.orders": "Заказы: {orders} (из заявок: {from_requests}, из предложений: {from_offers})",
    "admin.stats.completion": "Выполнено: {completed}/{finished} завершённых ({rate})",
    "admin.stats.disputes": "Споры: {disputed}/{orders} ({rate})",
    "admin.stats.repeat": "Повторные заказы: {repeat}/{orders} ({rate})",
    "admin.stats.minutes": "{n} мин",
    "admin.stats.hours": "{n} ч",
    "admin.stats.days": "{n} дн.",
    # -- i18n and escrow round: units, nouns, fields, Discord names, error texts ---------------
    "unit.days": {
        "one": "{count} день",
        "few": "{count} дня",
        "many": "{count} дней",
        "other": "{count} дня",
    },
    "unit.revisions": {
        "one": "{count} доработка",
        "few": "{count} доработки",
        "many": "{count} доработок",
        "other": "{count} доработки",
    },
    "unit.credits": {
        "one": "{count} кредит",
        "few": "{count} кредита",
        "many": "{count} кредитов",
        "other": "{count} кредита",
    },
    "settings.language": "🌐 Язык: <b>{language}</b> ({choice})",
    "settings.language_chosen": "выбран вами",
    "settings.language_auto": "язык вашего приложения; /settings language auto продолжит следовать ему",
    "noun.account": "Аккаунт",
    "noun.agent": "Агент",
    "noun.api_key": "API-ключ",
    "noun.application": "Отклик",
    "noun.deposit": "Депозит",
    "noun.delivery": "Сданная работа",
    "noun.dispute": "Спор",
    "noun.file": "Файл",
    "noun.identity": "Привязанный аккаунт",
    "noun.job": "Задание",
    "noun.message": "Сообщение",
    "noun.offer": "Предложение",
    "noun.export": "Выгрузка данных",
    "noun.order": "Заказ",
    "noun.proposal": "Отклик",
    "noun.request": "Заявка",
    "noun.stars_payment": "Платёж в Stars",
    "noun.webhook": "Вебхук",
    "front.cmd.offer": "Предложения: опубликовать, найти, управлять своими",
    "front.cmd.request": "Заявки на работу: разместить, найти, управлять своими",
    "front.cmd.order": "Ваши заказы: просмотр, сообщения, сдача, приёмка, отзыв",
    "front.cmd.inbox": "Уведомления, которые не удалось доставить в личные сообщения",
    "front.cmd.offer_list": "Поиск предложений по категории и словам",
    "front.cmd.request_list": "Поиск заявок по категории и словам",
    "front.cmd.order_view": "Карточка и история заказа",
    "front.cmd.order_msg": "Написать другой стороне заказа (текст и/или файл)",
    "front.cmd.order_deliver": "Сдать работу: файл, ссылку или заметку",
    "front.cmd.order_cancel": "Отменить заказ (или попросить согласия другой стороны)",
    "front.cmd.link": "Связать Telegram и Discord: показать код, ввести код или отвязать",
    "front.cmd.settings": "Куда приходят уведомления: Telegram или Discord",
    "front.cmd.profile": "Профиль и рейтинг доверия (ваш, или @user / #id)",
    "front.cmd.agents": "Агенты под вашим кураторством; укажите имя, чтобы создать агента",
    "front.cmd.report": "Пожаловаться на объявление, пользователя или сообщение",
    "front.cmd.bid": "Отправить отклик на заявку",
    "front.cmd.proposals": "Отклики на вашу заявку",
    "front.cmd.review": "Оставить отзыв о завершённом заказе (оценка 1–5 и текст)",
    "discord.name.agents": "агенты",
    "discord.name.apikey": "ключ_api",
    "discord.name.approve": "принять",
    "discord.name.balance": "баланс",
    "discord.name.bid": "откликнуться",
    "discord.name.cancel": "отмена",
    "discord.name.deliver": "сдать",
    "discord.name.dispute": "спор",
    "discord.name.help": "помощь",
    "discord.name.history": "история",
    "discord.name.inbox": "входящие",
    "discord.name.link": "привязка",
    "discord.name.list": "список",
    "discord.name.menu": "меню",
    "discord.name.mine": "мои",
    "discord.name.msg": "написать",
    "discord.name.new": "создать",
    "discord.name.offer": "предложение",
    "discord.name.order": "заказ",
    "discord.name.payouts": "выплаты",
    "discord.name.profile": "профиль",
    "discord.name.proposals": "отклики",
    "discord.name.report": "жалоба",
    "discord.name.request": "заявка",
    "discord.name.review": "отзыв",
    "discord.name.revise": "доработка",
    "discord.name.settings": "настройки",
    "discord.name.topup": "пополнить",
    "discord.name.username": "имя",
    "discord.name.verify": "верификация",
    "discord.name.view": "открыть",
    "field.agents": "агенты",
    "field.amount": "сумма",
    "field.bot_pct": "доля автоматизации",
    "field.budget": "бюджет",
    "field.budget_max": "максимальный бюджет",
    "field.budget_min": "минимальный бюджет",
    "field.category": "категория",
    "field.charge_id": "ID платежа",
    "field.code": "код",
    "field.days": "дни",
    "field.deadline": "срок",
    "field.delivery": "сдача работы",
    "field.delivery_days": "срок выполнения в днях",
    "field.description": "описание",
    "field.display_name": "отображаемое имя",
    "field.email": "email",
    "field.events": "события",
    "field.inputs": "входные данные",
    "field.language": "язык",
    "field.limit": "лимит",
    "field.message": "сообщение",
    "field.note": "заметка",
    "field.output_format": "формат результата",
    "field.payment_mode": "способ оплаты",
    "field.platform": "платформа",
    "field.price": "цена",
    "field.proofers": "проверяющие",
    "field.rating": "оценка",
    "field.reason": "причина",
    "field.subject": "объект",
    "field.text": "текст",
    "field.timeline_days": "срок в днях",
    "field.title": "название",
    "field.token": "токен",
    "field.url": "URL",
    "field.username": "имя пользователя",
    "error.account.already_banned": "{handle} уже заблокирован.",
    "error.account.email_taken": "Аккаунт с таким email уже есть; используйте его API-ключ или перевыпустите ключ через POST /api/agent/api-key.",
    "error.account.humans_supervise": "Курировать агентов может только аккаунт человека.",
    "error.account.language_invalid": "{language} — не код языка.",
    "error.account.not_banned": "{handle} не заблокирован.",
    "error.account.self_ban": "Нельзя заблокировать самого себя.",
    "error.account.too_many_agents": "Вы уже курируете агентов: {limit}; сначала отзовите одного.",
    "error.account.username_taken": "Имя @{name} занято; выберите другое.",
    "error.account.name_ambiguous": "@{name} — имя разных людей на {platforms}; укажите их @имя в BotGig или #id.",
    "error.audit.subject": "Укажите, что проверить, в виде order:ID или account:ID.",
    "error.auth.scope": "У этого ключа нет права '{scope}'; перевыпустите его через POST /api/agent/api-key, чтобы получить ключ на чтение и запись.",
    "error.credits.adjustment_invalid": "Корректировка должна быть ненулевым целым числом, например +10 или -5.",
    "error.deposit.not_held": "Депозит {deposit_id} в статусе {status}, а не удерживается.",
    "error.email.already_verified": "Ваш email уже подтверждён.",
    "error.email.missing": "У этого аккаунта нет email для подтверждения.",
    "error.email.token_invalid": "Этот токен подтверждения неизвестен или истёк; запросите новое письмо.",
    "error.email.token_used": "Этот токен подтверждения уже использован: каждый токен действует один раз. Если ваш адрес ещё не подтверждён, запросите новое письмо.",
    "error.job.not_awarded": "У задания {job_id} ещё нет заказа: автор не принял ни одного отклика.",
    "error.link.both_active": "У обоих аккаунтов уже есть активность ({issuer_platform}: {issuer_activity}; {redeemer_platform}: {redeemer_activity}), поэтому их нельзя объединить: заказы, отзывы и кредиты остаются в своём аккаунте. Пользуйтесь ими по отдельности или привяжите новый аккаунт к тому, которым пользуетесь.",
    "error.link.code_expired": "Срок действия кода истёк (код действует {minutes} мин). Снова выполните {cmd_link} в {platform}, чтобы получить новый.",
    "error.link.code_malformed": "Это не код привязки: код состоит из 8 букв и цифр, например ABCD-EF23.",
    "error.link.code_unknown": "Этот код недействителен. Проверьте его или снова выполните {cmd_link} там, где вы его получили.",
    "error.link.code_used": "Этот код уже использован; каждый код срабатывает один раз. Снова выполните {cmd_link}, чтобы получить новый.",
    "error.link.last_identity": "{platform} — единственный способ войти в этот аккаунт; его нельзя отвязать.",
    "error.link.not_linked": "Этот аккаунт не привязан к {platform}; сначала привяжите его через {cmd_link}.",
    "error.link.own_code": "Это ваш собственный код: введите его на другой платформе, в аккаунте, который хотите привязать.",
    "error.link.platform_taken": "У обоих аккаунтов уже есть привязка {platforms}. Сначала отвяжите её от одного из них ({cmd_link} remove &lt;platform&gt;).",
    "error.link.platform_unknown": "Укажите платформу: {platforms}.",
    "error.link.same_platform": "Этот код создан в {platform}; введите его на другой платформе.",
    "error.listing.budget_range": "Минимальный бюджет больше максимального.",
    "error.listing.price_range": "Минимальная цена больше максимальной.",
    "error.moderator.already": "{handle} уже модератор.",
    "error.moderator.banned": "{handle} заблокирован.",
    "error.moderator.not_moderator": "{handle} не модератор.",
    "error.moderator.owner": "{handle} — владелец; вместо этого уберите его из BOTGIG_OWNERS.",
    "error.moderator.owners_only": "Менять модераторов могут только владельцы, указанные в BOTGIG_OWNERS.",
    "error.offer.already_hidden": "Предложение {offer_id} уже скрыто.",
    "error.offer.expired": "Срок предложения {offer_id} истёк. Сначала продлите его через {cmd_myoffers}.",
    "error.offer.not_boostable": "Продвигать можно только активное предложение; статус предложения {offer_id}: {offer_status}.",
    "error.offer.not_hidden": "Предложение {offer_id} не скрыто.",
    "error.offer.not_renewable": "Статус предложения {offer_id}: {offer_status}; его нельзя продлить.",
    "error.offer.not_yours": "Предложение {offer_id} не ваше.",
    "error.offer.status": "Статус предложения {offer_id}: {offer_status}.",
    "error.permission.moderators_only": "Это могут делать только модераторы.",
    "error.permission.not_a_party": "Вы не участник заказа {order_id}.",
    "error.proposal.buyer_accepts": "Принимать отклики может только заказчик заявки.",
    "error.proposal.buyer_rejects": "Отклонять отклики может только заказчик заявки.",
    "error.proposal.duplicate": "У вас уже есть ожидающий отклик (#{proposal_id}) на эту заявку; сначала отзовите его, чтобы отправить новый.",
    "error.proposal.not_yours": "Отклик {proposal_id} не ваш.",
    "error.proposal.own_request": "Нельзя откликнуться на собственную заявку.",
    "error.proposal.seller_banned": "Этот исполнитель сейчас не может брать заказы.",
    "error.proposal.status": "Статус отклика {proposal_id}: {proposal_status}.",
    "error.rate_limited.listings": "Можно отправлять не больше {count} объявлений в час — так в BotGig нет спама. Попробуйте снова через {minutes} мин.",
    "error.rate_limited.messages": "Можно отправлять не больше {count} сообщений в минуту — так в BotGig нет спама. Попробуйте снова через {seconds} с.",
    "error.rate_limited.proposals": "Можно отправлять не больше {count} откликов в час — так в BotGig нет спама. Попробуйте снова через {minutes} мин.",
    "error.report.not_open": "Жалобы {report_id} нет в очереди (уже закрыта или не существует).",
    "error.report.subject": "Укажите, на что жалуетесь, в виде тип:id, например offer:12, request:7, order:5 или account:3.",
    "error.request.already_hidden": "Заявка {request_id} уже скрыта.",
    "error.request.budget_order": "Минимальный бюджет ({minimum}) больше максимального ({maximum}); поменяйте их местами или расширьте диапазон.",
    "error.request.closed_to_bids": "Статус заявки {request_id}: {request_status}; отклики больше не принимаются.",
    "error.request.not_hidden": "Заявка {request_id} не скрыта.",
    "error.request.not_yours": "Заявка {request_id} не ваша.",
    "error.request.status": "Статус заявки {request_id}: {request_status}.",
    "error.review.duplicate": "Вы уже оставили отзыв об этом заказе.",
    "error.review.not_completed": "Заказ {order_id} в статусе {status}; отзывы открываются после завершения.",
    "error.review.parties_only": "Отзыв о заказе {order_id} оставляют только заказчик и исполнитель.",
    "error.stars.account_banned": "Ваш аккаунт заблокирован: вы можете просматривать свои данные, но не действовать. Если считаете это ошибкой, свяжитесь с модераторами.",
    "error.stars.already_refunded": "Платёж в Stars {charge_id} уже возвращён.",
    "error.stars.charge_id": "Неверный ID платежа Telegram.",
    "error.stars.credits_just_spent": "Нельзя вернуть платёж в Stars {charge_id}: его кредиты только что потрачены.",
    "error.stars.credits_spent": "Нельзя вернуть платёж в Stars {charge_id}: его кредиты ({credits}) частично потрачены (у аккаунта #{account_id} осталось {balance}). Урегулируйте это иначе.",
    "error.stars.currency": "Этот счёт нужно оплатить в Telegram Stars.",
    "error.stars.invoice_invalid": "Этот счёт недействителен. Отправьте {cmd_topup}, чтобы получить новый.",
    "error.stars.no_account": "Аккаунта этого счёта не существует.",
    "error.stars.other_account": "Этот счёт пополняет другой аккаунт. Отправьте {cmd_topup}, чтобы получить свой.",
    "error.stars.pack_gone": "Этот пакет больше не продаётся по такой цене. Отправьте {cmd_topup}, чтобы увидеть текущие пакеты.",
    "error.stars.payment_mismatch": "Этот платёж не соответствует ни одному счёту BotGig; модераторы его проверят.",
    "error.stars.price_mismatch": "Цена не совпадает с ценой пакета ({stars} Stars). Отправьте {cmd_topup}, чтобы получить новый счёт.",
    "error.stars.unknown_pack": "Этот пакет больше не продаётся; отправьте {cmd_topup}, чтобы увидеть текущие пакеты.",
    "error.validation.amount": "Сумма должна быть целым положительным числом.",
    "error.validation.cents_not_whole": "Поле «{label}» должно быть целым числом центов.",
    "error.validation.email": "Это не адрес email (name@example.com).",
    "error.validation.needs_timezone": "В поле «{label}» нужен часовой пояс (UTC).",
    "error.validation.not_future": "Поле «{label}» должно быть в будущем.",
    "error.validation.not_positive": "Поле «{label}» должно быть больше 0.",
    "error.validation.not_url": "Поле «{label}» должно быть URL http(s), например https://example.com/report.csv.",
    "error.validation.not_whole": "Поле «{label}» должно быть целым числом.",
    "error.validation.out_of_range": "Поле «{label}» должно быть от {minimum} до {maximum} (получено {value}).",
    "error.validation.price_too_high": "Поле «{label}» может быть не больше {maximum} (получено {value}).",
    "error.validation.text_long": "В поле «{label}» не больше {maximum} символов (сейчас {length}).",
    "error.validation.text_line_break": "Поле «{label}» должно быть одной строкой: уберите перенос строки ({char}) в позиции {position}.",
    "error.validation.text_control": "В поле «{label}» есть управляющий символ ({char}) в позиции {position}; уберите его и отправьте текст ещё раз.",
    "error.validation.text_bidi": "В поле «{label}» есть символ смены направления текста ({char}) в позиции {position}: из-за него текст может читаться в обманчивом порядке. Уберите его и отправьте текст ещё раз.",
    "error.validation.text_invisible": "В поле «{label}» есть невидимый символ ({char}) в позиции {position}; уберите его и отправьте текст ещё раз.",
    "error.validation.name_invisible": "В поле «{label}» есть невидимый символ ({char}) в позиции {position}. В именах нельзя использовать невидимые символы и эмодзи, склеенные из нескольких; уберите его.",
    "error.validation.text_required": "Поле «{label}» обязательно.",
    "error.validation.text_short": "В поле «{label}» нужно не меньше {minimum} символов (сейчас {length}).",
    "error.validation.unknown_category": "Неизвестная категория '{slug}'. Выберите одну из: {allowed}.",
    "error.validation.username": "Имя пользователя — от 3 до 32 символов: сначала буква, затем буквы, цифры или _ (например, alice_ops).",
    "error.verification.already": "Ваш аккаунт уже верифицирован.",
    "error.verification.not_pending": "У {handle} нет ожидающего запроса на верификацию.",
    "error.verification.pending": "Ваш запрос на верификацию ждёт модератора.",
    "error.webhook.port_invalid": "В URL вебхука неверный порт.",
    "error.webhook.too_many": "У аккаунта может быть не больше {limit} вебхуков; удалите один.",
    "error.webhook.unknown_event": "Неизвестные типы событий: {unknown}. Выберите из: {known} (или оставьте список пустым, чтобы получать все).",
    "error.webhook.url_invalid": "URL вебхука должен быть адресом http(s), например https://example.com/hooks/botgig.",
    "error.webhook.url_private": "URL вебхука указывает на частный, loopback- или link-local-адрес; используйте публичный URL.",
    "error.webhook.url_unresolvable": "Хост {host} из URL вебхука не разрешается.",
    "error.marketplace.error": "Что-то в запросе не разрешено.",
    "error.validation.failed": "Введённые данные неверны.",
    "error.permission_denied": "У вас нет прав на это действие.",
    "error.account.banned": "Ваш аккаунт заблокирован: вы можете просматривать свои данные, но не действовать. Если считаете это ошибкой, свяжитесь с модераторами.",
    "error.account.unverified": "Сначала подтвердите email: откройте ссылку из нашего письма и попробуйте снова.",
    "error.conflict": "Это противоречит текущему состоянию; обновите и попробуйте снова.",
    "error.conflict.concurrent_update": "Кто-то изменил это в тот же момент; попробуйте снова.",
    "error.credits.api_access_unpaid": "Доступ к API истёк, а кредитов на балансе не хватает для продления. Пополните кредиты ({cmd_topup} в чате или GET /api/me/credits/deposit-address) и повторите попытку.",
    "error.credits.crypto_unavailable": "Пополнение криптовалютой в этом BotGig не настроено. Обратитесь к операторам или пополните другим способом.",
    "error.payment.gateway_error": "Платёжная система не приняла запрос.",
    "error.credits.stars_unavailable": "Пополнение через Telegram Stars в этом BotGig недоступно.",
    "error.auth.missing_key": "Этому эндпоинту нужен API-ключ. Передайте ключ в заголовке X-API-Key (или Authorization: Bearer &lt;key&gt;); получить его можно через POST /api/auth/register.",
    "error.auth.invalid_key": "Этот API-ключ недействителен (неизвестен или отозван). Передайте ключ в заголовке X-API-Key (или Authorization: Bearer &lt;key&gt;); получить его можно через POST /api/auth/register.",
    "error.payment.escrow_unavailable": "Эскроу в этом BotGig недоступен: платёжная система не настроена. Заказы оплачиваются вне платформы.",
    "error.payment.invalid_signature": "Подпись платёжной системы не прошла проверку.",
    "error.payment.buyer_only": "Оплатить заказ {order_id} может только его заказчик.",
    "error.order.not_escrow": "Заказ {order_id} не оформлен через эскроу.",
    "error.order.not_awaiting_funding": "Заказ {order_id} в статусе {status}; сейчас его нельзя оплатить.",
    "error.payment.wallet_insufficient": "В вашем кошельке {balance} {currency}; для заказа нужно {needed}. Пополните кошелёк или оплатите картой.",
    "error.order.not_released": "Заказ {order_id} — не завершённый заказ через эскроу.",
    "error.order.nothing_released": "По заказу {order_id} ничего не было выплачено.",
    "error.order.refunded": "Заказ {order_id} уже возвращён.",
    "error.payment.own_order": "Вы участник заказа {order_id}; решение должен принять другой модератор.",
    "error.payment.in_flight": "Выплата по заказу {order_id} отправляется прямо сейчас; попробуйте через минуту.",
    "error.payment.changed": "Выплата по заказу {order_id} за это время изменилась; попробуйте снова.",
    "error.payment.payout_account_not_ready": "Аккаунт выплат исполнителя пока не может принимать выплаты ({cmd_payouts}).",
    "error.payment.no_payout_to_reverse": "Выплата по заказу {order_id}, которую нужно отменить, не найдена в записях.",
    "error.payment.no_card_payment": "Оплата картой по заказу {order_id} не найдена в записях.",
    "error.payment.nothing_to_release": "По заказу {order_id} нет выплаты, ожидающей отправки.",
    # -- errors: orders and disputes (core/orders/errors.py)
    "error.dispute.moderator_is_party": "Вы — сторона заказа {order_id}; действовать должен другой модератор.",
    "error.dispute.parties_only": "Открыть спор может только заказчик или исполнитель.",
    "error.dispute.taken": "Дело {id} уже взял в работу #{moderator}.",
    "error.dispute.claimed_by_other": "Дело {id} ведёт #{moderator}.",
    "error.dispute.resolved_already": "Дело {id} уже решено.",
    "error.dispute.order_on_hold": "Заказ {order_id} заморожен; снимите заморозку, прежде чем выносить решение.",
    "error.order.escrow_off": "Эскроу на этом BotGig пока недоступен; оформите заказ с оплатой вне платформы.",
    "error.order.seller_cannot_receive": "{seller} пока не может получать выплаты через эскроу (настройка выплат не завершена); оформите заказ с оплатой вне платформы или попросите завершить {cmd_payouts}.",
    "error.order.own_offer": "Нельзя заказать собственное предложение.",
    "error.order.offer_not_orderable": "Предложение {offer_id}: {offer_status}; сейчас его нельзя заказать.",
    "error.order.seller_unavailable": "Этот исполнитель сейчас не может принимать заказы.",
    "error.order.delivery_note_long": "Комментарий к сдаче работы — не более {maximum} символов.",
    "error.order.delivery_empty": "Для сдачи работы нужен файл, ссылка или описание результата.",
    "error.order.seller_delivers": "Сдать работу по заказу {order_id} может только исполнитель.",
    "error.order.parties_cancel": "Отменить заказ может только заказчик или исполнитель.",
    "error.order.cancel_pending": "Вы уже запросили отмену; ждём ответа другой стороны.",
    "error.order.message_empty": "В сообщении нужен текст или файл.",
    "error.order.message_long": "Сообщение — не более {maximum} символов; отправьте его частями.",
    "error.order.parties_message": "Писать в заказе {order_id} могут только его стороны.",
    "error.order.messages_closed": "Заказ {order_id}: {order_status}; переписка закрыта.",
    # -- names from the code, in words (handlers.i18n.Translator.word) --------------------
    # order actions as the timeline and errors name them
    "order.action.approve": "принять работу",
    "order.action.auto_approve": "автоматическое принятие",
    "order.action.cancel": "отменить",
    "order.action.cancel_unfunded": "отменить до оплаты",
    "order.action.create": "создать",
    "order.action.deliver": "сдать работу",
    "order.action.finish_proofing": "завершить проверку",
    "order.action.fund": "оплатить",
    "order.action.funding_timeout": "срок оплаты истёк",
    "order.action.hold": "заморозить",
    "order.action.open_dispute": "открыть спор",
    "order.action.refund_after_release": "вернуть деньги после выплаты",
    "order.action.release": "выплатить",
    "order.action.request_cancel": "попросить отмену",
    "order.action.request_revision": "запросить доработку",
    "order.action.reverse_approval": "отменить принятие",
    "order.action.rule_refund": "решение: возврат",
    "order.action.rule_release": "решение: выплата исполнителю",
    "order.action.rule_resume": "решение: продолжить работу",
    "order.action.rule_split": "решение: разделение суммы",
    "order.action.seller_timeout": "исполнитель не уложился в срок",
    "order.action.send_back": "вернуть на доработку",
    "order.action.sign_off": "одобрить как куратор",
    "order.action.start_proofing": "начать проверку",
    "order.action.submit_for_signoff": "отправить куратору",
    "order.action.unhold": "разморозить",
    # dispute rulings
    "ruling.release": "выплата исполнителю",
    "ruling.refund": "возврат",
    "ruling.split": "разделение суммы",
    "ruling.resume": "продолжение работы",
    # kinds of secret removed from a text
    "secret.private_key": "закрытый ключ",
    "secret.api_key": "API-ключ",
    "secret.access_token": "токен доступа",
    "secret.access_key": "ключ доступа",
    "secret.bot_token": "токен бота",
    "secret.password": "пароль",
    "secret.seed_phrase": "сид-фраза",
    "secret.connection_string": "строка подключения",
    "secret.any": "секрет",
    # what an account has done (linking)
    "link.activity.offers": "предложения",
    "link.activity.requests": "заявки",
    "link.activity.proposals": "отклики",
    "link.activity.orders": "заказы",
    "link.activity.credit_history": "история кредитов",
    "link.activity.agents": "агенты",
    "link.activity.api_keys": "API-ключи",
    "link.activity.webhooks": "вебхуки",
    "link.activity.a_deposit_address": "адрес для пополнения",
    "link.activity.roles": "роли",
    # states of a crypto deposit
    "deposit_status.seen": "обнаружен",
    "deposit_status.credited": "зачислен",
    "deposit_status.below_minimum": "ниже минимума",
    "deposit_status.held": "удержан",
    "deposit_status.reorged": "отменён реорганизацией сети",
    # kinds of account
    "account_kind.human": "человек",
    "account_kind.agent": "агент",
    # who acted on an order, besides its parties
    "role.payment": "платёж",
    # -- independent proofers (core/proofing, handlers/render/proofing.py) --
    "noun.assignment": "Задание",
    "timeline.proofing_unavailable": "свободных проверяющих не нашлось; проверка пропущена",
    "n.proof_assigned": "🔍 Вас просят проверить {order}: оценку нужно отправить {due}.",
    "n.proof_consensus": "🔍 Итог проверки {order}: {verdict} (оценок: {count}, качество {quality}/5).",
    "proof.verdict.pass": "✅ принято",
    "proof.verdict.fail": "❌ не принято",
    "proof.verdict.split": "⚖️ без большинства",
    "proof.verdict.none": "ни одной оценки не пришло",
    "error.proofer.too_few_completed": "Проверяющему нужно {minimum} завершённых заказов; у вас {completed}. Завершите больше заказов и подайте заявку снова.",
    "error.proofer.rating_too_low": "Проверяющему нужен средний рейтинг не ниже {minimum}; у вас {rating}.",
    "error.proofer.account_too_new": "Аккаунту проверяющего должно быть не меньше {days} дн.; попробуйте снова {since}.",
    "error.proofer.email_unverified": "Сначала подтвердите почту, затем снова станьте проверяющим.",
    "error.proofer.not_assigned": "Задание {assignment_id} не ваше: видеть и оценивать его может только назначенный проверяющий.",
    "error.proofer.already_submitted": "Вы уже отправили оценку по заданию {assignment_id}; изменить её нельзя.",
    "error.proofer.window_closed": "Срок задания {assignment_id} истёк {due_at}; оценка больше не принимается.",
    "error.proofer.order_not_proofing": "Заказ {order_id} сейчас «{status}», а не на проверке: оценка больше не принимается.",
    "error.proofer.bad_verdict": "Вердикт должен быть pass или fail (получено {value}).",
    # -- proofers in chat (handlers/commands/proofs.py, the scorecard form) --
    "cmd.proofer": "Стать независимым проверяющим или перестать: /proofer on|off",
    "cmd.proofs": "Ваши задания на проверку и оценки",
    "usage.proofer": "Использование: /proofer [on|off]\nПример: <code>/proofer on</code>",
    "usage.proofs": "Использование: /proofs [номер задания]\nПример: <code>/proofs 4</code>",
    "proofer.status.on": "🔍 Вы проверяющий: вас могут попросить оценить чужую работу. /proofer off останавливает новые задания.",
    "proofer.status.off": "🔍 Вы не проверяющий. Проверяющие оценивают чужую работу; /proofer on включит вас, если вы подходите под требования.",
    "proofer.agreement": {
        "one": "Проверяющий: {count} оценка, согласие с консенсусом {pct}%",
        "few": "Проверяющий: {count} оценки, согласие с консенсусом {pct}%",
        "many": "Проверяющий: {count} оценок, согласие с консенсусом {pct}%",
        "other": "Проверяющий: {count} оценки, согласие с консенсусом {pct}%",
    },
    "proofer.agreement_none": {
        "one": "Проверяющий: пока {count} оценка сравнена с консенсусом",
        "few": "Проверяющий: пока {count} оценки сравнены с консенсусом",
        "many": "Проверяющий: пока {count} оценок сравнено с консенсусом",
        "other": "Проверяющий: пока {count} оценки сравнены с консенсусом",
    },
    "proofer.enabled": "✅ Теперь вы проверяющий. Новые задания придут сообщением; /proofs покажет их.",
    "proofer.disabled": "Вы больше не проверяющий: новых заданий не будет. Уже полученные остаются вашими ({cmd_proofs}).",
    "btn.proofer_on": "🔍 Стать проверяющим",
    "btn.proofer_off": "⏸ Перестать проверять",
    "btn.my_proofs": "🔍 Мои задания",
    "btn.open_assignment": "🔍 #{id}",
    "btn.get_file_id": "📎 Файл сдачи #{id}",
    "btn.submit_scorecard": "📝 Отправить оценку",
    "proofs.none": "У вас нет заданий на проверку. /proofer on сделает вас проверяющим.",
    "proofs.header": {
        "one": "🔍 <b>Ваше задание на проверку</b> ({count})",
        "few": "🔍 <b>Ваши задания на проверку</b> ({count})",
        "many": "🔍 <b>Ваши задания на проверку</b> ({count})",
        "other": "🔍 <b>Ваши задания на проверку</b> ({count})",
    },
    "proofs.line": "#{id} · заказ #{order} {title} · {status} · срок {due}",
    "proofs.closed": "Задание #{id} больше не принимает оценку ({status}).",
    "proofs.card.title": "🔍 <b>Задание #{id}</b> · заказ #{order}: {title}",
    "proofs.card.status": "Статус: {status}",
    "proofs.card.due": "⏰ Оценка до {when} ({left})",
    "proofs.card.requirements": "Что просили",
    "proofs.card.deliveries": {
        "one": "Сдача ({count})",
        "few": "Сдачи ({count})",
        "many": "Сдачи ({count})",
        "other": "Сдачи ({count})",
    },
    "proofs.card.yours": "Ваша оценка",
    "proof_status.assigned": "ждёт вашей оценки",
    "proof_status.submitted": "оценка отправлена",
    "proof_status.expired": "истекло (срок прошёл)",
    "proof_status.cancelled": "отменено (проверка завершена)",
    "proof.heading": "🔍 Независимая проверка",
    "proof.progress": "Получено оценок: {done} из {wanted}; проверка закончится {when}",
    "proof.consensus": {
        "one": "Консенсус: {verdict} · {scores} ({count} оценка)",
        "few": "Консенсус: {verdict} · {scores} ({count} оценки)",
        "many": "Консенсус: {verdict} · {scores} ({count} оценок)",
        "other": "Консенсус: {verdict} · {scores} ({count} оценки)",
    },
    "proof.scores": "полнота {completeness} · точность {accuracy} · методика {methodology} · качество {quality}",
    "proof.card_line": "• {who}: {verdict} · {scores} — {evidence}",
    "proof.card_missing": "• {who}: {status}",
    "proof.anonymous": "Проверяющий {n}",
    "form.offer.proofers.prompt": "Сколько независимых проверяющих должны оценивать каждую сдачу (0–3)? Пропустите, если никого.",
    "form.offer.proofers.label": "Проверяющие",
    "form.scorecard.title": "📝 Оценка",
    "form.scorecard.completeness.prompt": "<b>Полнота</b>: покрывает ли работа всё, что просили? От 1 (мало) до 5 (всё).",
    "form.scorecard.completeness.label": "Полнота",
    "form.scorecard.accuracy.prompt": "<b>Точность</b>: всё ли верно? От 1 (много ошибок) до 5 (ошибок нет).",
    "form.scorecard.accuracy.label": "Точность",
    "form.scorecard.methodology.prompt": "<b>Методика</b>: сделано ли надёжно и воспроизводимо? От 1 до 5.",
    "form.scorecard.methodology.label": "Методика",
    "form.scorecard.quality.prompt": "<b>Качество</b>: насколько хороша работа в целом? От 1 до 5.",
    "form.scorecard.quality.label": "Качество",
    "form.scorecard.verdict.prompt": "Ваш вердикт: работа принята?",
    "form.scorecard.verdict.label": "Вердикт",
    "form.scorecard.evidence.prompt": "Обоснование: что вы проверили и что нашли (стороны прочтут его без вашего имени).",
    "form.scorecard.evidence.label": "Обоснование",
    "form.scorecard.evidence_file.prompt": "Файл в подтверждение (скриншот, diff)? Отправьте его или пропустите.",
    "form.scorecard.evidence_file.label": "Файл обоснования",
    "form.scorecard.file_only": "Здесь нужен файл (или пропустите); находки опишите в тексте обоснования.",
    "form.scorecard.cost": "💳 Стоимость: <b>{cost} кр.</b>",
    "form.scorecard.confirm": "✅ Отправить оценку",
    "form.scorecard.done": "✅ Оценка задания #{id} отправлена; изменить её нельзя. Спасибо!",
    "escrow.proofing_fee_line": "🔍 Включено: {fee} для независимых проверяющих; то, что они не заработают, вернётся вам.",
    "discord.name.proofer": "проверяющий",
    "discord.name.proofs": "проверки",
    # -- closing an account (handlers.commands.closing, core.accounts.closing)
    'profile.deleted': '🗑 Этот аккаунт закрыт; его заказы и отзывы сохранены.',
    'cmd.deleteaccount': 'Закрыть аккаунт навсегда',
    'discord.name.deleteaccount': 'удалить_аккаунт',
    'deleteaccount.private_only': '🔒 Закройте аккаунт в личном чате с ботом, а не здесь.',
    'deleteaccount.blocked': '⛔ <b>Аккаунт пока нельзя закрыть.</b> Сначала решите это, затем снова отправьте /deleteaccount:',
    'deleteaccount.confirm': '⚠️ <b>Закрыть аккаунт #{id}?</b> Это необратимо.\n• Ваши объявления снимаются ({listings}), ожидающие предложения отзываются ({proposals}).\n• Ваши кредиты сгорают ({credits} кр.): кредиты никогда не выплачиваются и не передаются.\n• {platforms} отвязываются: если вы снова напишете боту, начнёте с нового аккаунта.\n• Ваше имя, @имя пользователя, email, API-ключи и вебхуки стираются.',
    'deleteaccount.agents': '• Агенты под вашим надзором закрываются вместе с ним: {agents}.',
    'deleteaccount.stays': 'Заказы остаются у другой стороны, ваши отзывы тоже остаются — от имени «удалённый аккаунт».',
    'btn.deleteaccount_yes': '🗑 Закрыть аккаунт',
    'btn.deleteaccount_no': 'Оставить',
    'deleteaccount.not_yours': 'Нажать эту кнопку может только аккаунт, которому показано подтверждение.',
    'deleteaccount.done': '✅ Аккаунт #{id} закрыт; сгорело кредитов: {credits}. До свидания — если напишете снова, начнёте с нового аккаунта.',
    'deleteaccount.kept': '👍 Аккаунт остаётся как был.',
    'error.account.deletion_banned': 'Заблокированный аккаунт не может закрыть себя сам: сначала попросите модераторов пересмотреть блокировку.',
    'error.account.deletion_open_orders': 'Заказы {orders} ещё открыты: сначала завершите, отмените или передайте их ({cmd_orders}), затем закройте аккаунт.',
    'error.account.deletion_open_disputes': 'По заказам {orders} открыт спор: дождитесь решения модераторов, затем закройте аккаунт.',
    'error.account.deletion_escrow_held': 'На заказах {orders} ещё есть деньги в эскроу: дождитесь их выплаты или возврата.',
    'error.account.deletion_payment_queued': 'Выплата или возврат по заказам {orders} ещё в очереди: дождитесь отправки.',
    'error.account.deletion_payout_pending': 'Вам ещё не выплачено {amount}: завершите настройку выплат ({cmd_payouts}) и дождитесь перевода.',
    'error.account.deletion_wallet_money': 'В вашем кошельке {amount}: потратьте их на заказ или сначала попросите модераторов вернуть их.',
    'error.account.deletion_proofing_due': 'Вы проверяющий по заказам {orders}: сначала отправьте эти оценки ({cmd_proofs}).',
    'error.account.deletion_agent_busy': 'Ваш агент #{agent_id} закрывается вместе с аккаунтом, но пока не может: {work}',
    'error.account.deletion_unconfirmed': 'Закрытие аккаунта необратимо: подтвердите его явно (DELETE /api/me?confirm=true).',
    # -- the data export (/export) ---------------------------------------------------------
    "cmd.export": "Скачать все ваши данные (zip)",
    "discord.name.export": "экспорт",
    "usage.export": "Использование: /export (без аргументов) присылает все ваши данные BotGig одним zip-файлом.\nПример: <code>/export</code>",
    "export.private_only": "🔒 В выгрузке данных ваши личные сообщения и история, поэтому я отправляю её только в личном чате. Откройте чат со мной и отправьте /export там.",
    "export.ready": "📦 <b>Ваши данные BotGig</b> ({size} МБ): один zip с JSON-файлом на каждый раздел и загруженными файлами в пределах лимитов. Храните его в тайне.",
    "export.preparing": "⏳ У вашего аккаунта большая история, поэтому выгрузка #{id} готовится в фоне. Я пришлю её сюда, когда она будет готова.",
    "export.too_large": "📦 Выгрузка весит {size} МБ — больше {limit} МБ, которые я могу отправить здесь. Скачайте её с API-ключом: GET /api/me/export (ключ — через {cmd_apikey}).",
    "n.export_ready": "📦 <b>Выгрузка ваших данных готова</b> ({size} МБ): один zip с JSON-файлом на каждый раздел. Храните её в тайне.",
    "n.export_again": "Выгрузку #{id} можно скачать повторно до {expires}: GET /api/me/export/{id}.",
    "n.export_gone": "Выгрузка данных #{id} больше недоступна; отправьте /export, чтобы получить новую.",
    "error.export.rate_limited": "Лимит выгрузок данных: {count} за {hours} ч. Попробуйте снова через {minutes} мин.",
    "error.export.expired": "Эта выгрузка удалена по истечении срока; запросите новую ({cmd_export} в чате или GET /api/me/export).",
}
