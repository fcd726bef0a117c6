# ruff: noqa: E501  (message texts read better unwrapped)
"""Spanish (neutral, "tú"): every key of the English catalog, the same placeholders and markup."""

from __future__ import annotations

MESSAGES: dict[str, str | dict[str, str]] = {
    # -- command list (setMyCommands / slash commands) ------------------------------------------
    "cmd.start": "Inicia BotGig y consulta tu saldo",
    "cmd.help": "Qué puede hacer BotGig",
    "cmd.menu": "Menú principal",
    "cmd.offers": "Ver ofertas: {cmd_offers} [categoría] [palabras]",
    "cmd.requests": "Ver solicitudes: {cmd_requests} [categoría] [palabras]",
    "cmd.newoffer": "Publicar una oferta",
    "cmd.myoffers": "Tus ofertas: pausar, reanudar, renovar, destacar",
    "cmd.newrequest": "Publicar una solicitud de trabajo",
    "cmd.myrequests": "Tus solicitudes y sus propuestas",
    "cmd.bid": "Enviar una propuesta: {cmd_bid} <solicitud>",
    "cmd.proposals": "Propuestas de una solicitud: {cmd_proposals} <solicitud>",
    "cmd.orders": "Tus pedidos",
    "cmd.order": "Ficha e historial de un pedido: {cmd_order} <id>",
    "cmd.msg": "Escribir a la otra parte: {cmd_msg} <pedido> <texto>",
    "cmd.deliver": "Entregar el trabajo: {cmd_deliver} <pedido>",
    "cmd.approve": "Aprobar una entrega: {cmd_approve} <pedido>",
    "cmd.revise": "Pedir una revisión: {cmd_revise} <pedido> <qué>",
    "cmd.dispute": "Abrir una disputa: {cmd_dispute} <pedido> <motivo>",
    "cmd.cancelorder": "Cancelar un pedido: {cmd_cancelorder} <pedido>",
    "cmd.review": "Reseñar un pedido completado: {cmd_review} <pedido>",
    "cmd.balance": "Tus créditos y la lista de precios",
    "cmd.topup": "Recargar créditos",
    "cmd.history": "Tu historial de créditos",
    "cmd.profile": "Un perfil y su puntuación de confianza: {cmd_profile} [@usuario]",
    "cmd.username": "Elige tu @usuario: {cmd_username} <nombre>",
    "cmd.verify": "Solicitar la verificación de la cuenta",
    "cmd.link": "Vincular Telegram y Discord",
    "cmd.settings": "Dónde recibir avisos: Telegram o Discord",
    "cmd.apikey": "Clave de API para tus agentes",
    "cmd.payouts": "Configurar cobros",
    "cmd.agents": "Agentes que supervisas: {cmd_agents} [new <nombre>]",
    "cmd.report": "Denunciar un anuncio, usuario o mensaje",
    "cmd.cancel": "Salir del formulario o del chat del pedido",
    # -- start, help, menu --------------------------------------------------------------------
    "start.welcome": (
        "👋 ¡Te damos la bienvenida a <b>BotGig</b>, {name}!\n\n"
        "Compra y vende servicios con IA: la automatización hace el trabajo, una persona con "
        "nombre responde por él, y siempre ves qué parte hizo cada uno.\n\n"
        "🎁 Empiezas con <b>{balance} créditos</b>. Los créditos pagan acciones de la "
        "plataforma, como publicar una oferta; nunca se usan para pagar un servicio.\n\n"
        "Mira {cmd_offers} o {cmd_requests}, publica con {cmd_newoffer} o pide un trabajo con "
        "{cmd_newrequest}. {cmd_help} lo muestra todo."
    ),
    "start.welcome_back": (
        "👋 Hola de nuevo, {name}. Tu saldo es de <b>{balance} créditos</b>.\n"
        "¿Qué quieres hacer?"
    ),
    "start.bad_link": "Ese enlace de inicio ya no es válido; aquí tienes el menú.",
    "menu.title": "<b>BotGig</b> — ¿qué quieres hacer?",
    "menu.offers": "🛍 Ver ofertas",
    "menu.requests": "📋 Ver solicitudes",
    "menu.newoffer": "➕ Nueva oferta",
    "menu.newrequest": "📝 Nueva solicitud",
    "menu.orders": "📦 Mis pedidos",
    "menu.myoffers": "🗂 Mis ofertas",
    "menu.myrequests": "🗂 Mis solicitudes",
    "menu.balance": "💳 Saldo",
    "menu.profile": "👤 Perfil",
    "menu.agents": "🤖 Agentes",
    "menu.help": "❓ Ayuda",
    "help.body": (
        "<b>Comandos de BotGig</b>\n\n"
        "<b>Encontrar trabajo y servicios</b>\n"
        "{cmd_offers} [categoría] [palabras] — ver ofertas\n"
        "{cmd_requests} [categoría] [palabras] — ver solicitudes de trabajo\n"
        "{cmd_bid} &lt;solicitud&gt; — enviar una propuesta\n\n"
        "<b>Vender</b>\n"
        "{cmd_newoffer} — publicar una oferta\n"
        "{cmd_myoffers} — pausar, reanudar, renovar o destacar tus ofertas\n\n"
        "<b>Comprar</b>\n"
        "{cmd_newrequest} — publicar una solicitud\n"
        "{cmd_myrequests} — tus solicitudes\n"
        "{cmd_proposals} &lt;solicitud&gt; — comparar propuestas y aceptar una\n\n"
        "<b>Pedidos</b>\n"
        "{cmd_orders} — tus pedidos · {cmd_order} &lt;id&gt; — ficha, historial, acciones\n"
        "{cmd_msg} &lt;pedido&gt; &lt;texto&gt; — escribir a la otra parte\n"
        "{cmd_deliver}, {cmd_approve}, {cmd_revise}, {cmd_dispute}, {cmd_cancelorder}, {cmd_review} &lt;pedido&gt;\n\n"
        "<b>Cuenta</b>\n"
        "{cmd_balance}, {cmd_history}, {cmd_topup} — créditos\n"
        "{cmd_export} — descarga todos tus datos en un zip\n"
        "{cmd_profile} [@usuario], {cmd_username} &lt;nombre&gt;, {cmd_verify}\n"
        "{cmd_agents} — los agentes que supervisas\n"
        "{cmd_proofer} on|off, {cmd_proofs} — comprobar entregas ajenas como revisor independiente\n"
        "{cmd_report} &lt;qué&gt; &lt;motivo&gt; — denunciar un anuncio, usuario o mensaje\n"
        "{cmd_deleteaccount} — cerrar tu cuenta para siempre\n\n"
        "{cmd_cancel} sale de un formulario o del chat de un pedido. {cmd_menu} muestra botones."
    ),
    "fallback": "No te he entendido. Envía {cmd_menu} para ver botones o {cmd_help} para todos los comandos.",
    "unknown_command": "No existe el comando /{name}. Envía {cmd_help} para ver lo que puedo hacer.",
    "cancel.form": "Formulario cancelado; no se guardó ni se cobró nada.",
    "cancel.nothing": "No hay nada que cancelar. {cmd_menu} muestra lo que puedes hacer.",
    "button.invalid": "Este botón ya no es válido.",
    "banned.reason": "Motivo: {reason}",
    # -- usage lines ------------------------------------------------------------------------
    "usage.bid": "Uso: {cmd_bid} &lt;id de solicitud&gt;\nEjemplo: <code>{cmd_bid} 12</code>",
    "usage.proposals": "Uso: {cmd_proposals} &lt;id de solicitud&gt;\nEjemplo: <code>{cmd_proposals} 12</code>",
    "usage.order": "Uso: {cmd_order} &lt;id de pedido&gt;\nEjemplo: <code>{cmd_order} 7</code>",
    "usage.msg": (
        "Uso: {cmd_msg} &lt;id de pedido&gt; &lt;texto&gt;\n"
        "Ejemplo: <code>{cmd_msg} 7 Te adjunto el CSV, revisa la columna B</code>"
    ),
    "usage.deliver": "Uso: {cmd_deliver} &lt;id de pedido&gt;\nEjemplo: <code>{cmd_deliver} 7</code>",
    "usage.approve": "Uso: {cmd_approve} &lt;id de pedido&gt;\nEjemplo: <code>{cmd_approve} 7</code>",
    "usage.revise": (
        "Uso: {cmd_revise} &lt;id de pedido&gt; [qué cambiar]\n"
        "Ejemplo: <code>{cmd_revise} 7 Añade la columna de stock, por favor</code>"
    ),
    "usage.dispute": (
        "Uso: {cmd_dispute} &lt;id de pedido&gt; [motivo]\n"
        "Ejemplo: <code>{cmd_dispute} 7 Falta la mitad de las páginas en la entrega</code>"
    ),
    "usage.cancelorder": (
        "Uso: {cmd_cancelorder} &lt;id de pedido&gt; [motivo]\n"
        "Ejemplo: <code>{cmd_cancelorder} 7 Acordamos dejarlo</code>"
    ),
    "usage.review": (
        "Uso: {cmd_review} &lt;id de pedido&gt; [puntuación 1–5] [texto]\n"
        "Ejemplo: <code>{cmd_review} 7</code> o <code>{cmd_review} 7 5 Rápido y preciso</code>"
    ),
    "usage.link": (
        "Uso: {cmd_link} muestra un código de un solo uso; {cmd_link} &lt;código&gt; en la otra "
        "plataforma vincula ambas a una sola cuenta; {cmd_link} remove telegram|discord desvincula una.\n"
        "Ejemplo: <code>{cmd_link} ABCD-EF23</code>"
    ),
    "usage.settings": "Uso: {cmd_settings}, {cmd_settings} notify telegram|discord|auto o {cmd_settings} language en|es|ru|auto\nEjemplo: <code>{cmd_settings} notify discord</code>, <code>{cmd_settings} language es</code>",
    "usage.username": (
        "Uso: {cmd_username} &lt;nombre&gt;\nEjemplo: <code>{cmd_username} alice_ops</code>"
    ),
    "usage.agents": (
        "Uso: {cmd_agents} para verlos, {cmd_agents} new &lt;nombre&gt; para crear uno, "
        "{cmd_agents} key &lt;id&gt; para una nueva clave de API\n"
        "Ejemplo: <code>{cmd_agents} new Price Scout</code>"
    ),
    "usage.report": (
        "Uso: {cmd_report} &lt;qué&gt; &lt;motivo&gt; — qué es offer 12, request 7, order 5, "
        "message 9 o @usuario\n"
        "Ejemplo: <code>{cmd_report} offer 12 Me pide la contraseña</code>"
    ),
    # -- labels and time ---------------------------------------------------------------------
    "label.split": "🤖 {bot}% automatizado · 👤 {human}% revisión humana",
    "label.human": "👤 {name}",
    "label.agent_supervised": "🤖 agente {name} · supervisado por {supervisor}",
    "label.agent_alone": "🤖 agente {name} · responde por sí mismo",
    "label.trust": "confianza {score}/100",
    "dur.days": "{d} d",
    "dur.days_hours": "{d} d {h} h",
    "dur.hours": "{h} h",
    "dur.hours_minutes": "{h} h {m} min",
    "dur.minutes": "{m} min",
    "time.due_in": "vence en {left}",
    "time.proposals_close_in": "las propuestas cierran en {left}",
    "time.proposals_closed": "las propuestas cerraron hace {ago}",
    "time.overdue_by": "venció hace {late}",
    "time.in": "en {left}",
    "time.ago": "hace {ago}",
    "role.buyer": "comprador",
    "role.seller": "vendedor",
    "role.supervisor": "supervisor",
    "role.moderator": "moderador",
    "role.system": "BotGig",
    "payment.off_platform": "pago fuera de la plataforma, directamente al vendedor",
    "payment.escrow": "en depósito en garantía",
    # -- statuses ----------------------------------------------------------------------------
    "status.awaiting_funding": "⏳ pendiente de pago",
    "status.in_progress": "🛠 en curso",
    "status.awaiting_supervisor": "🤖 pendiente de visto bueno del supervisor",
    "status.delivered": "📦 entregado",
    "status.proofing": "🔍 en revisión",
    "status.release_pending": "⏳ aprobado, pago pendiente",
    "status.disputed": "⚠️ en disputa",
    "status.on_hold": "⏸ en espera",
    "status.completed": "✅ completado",
    "status.cancelled": "✖ cancelado",
    "status.refunded": "↩ reembolsado",
    "offer_status.draft": "borrador",
    "offer_status.active": "🟢 activa",
    "offer_status.paused": "⏸ pausada",
    "offer_status.expired": "⌛ caducada",
    "offer_status.hidden": "🙈 ocultada por un moderador",
    "request_status.open": "🟢 abierta",
    "request_status.awarded": "🤝 adjudicada",
    "request_status.closed": "cerrada",
    "request_status.expired": "⌛ caducada",
    "request_status.hidden": "🙈 ocultada por un moderador",
    "proposal_status.pending": "pendiente",
    "proposal_status.accepted": "✅ aceptada",
    "proposal_status.rejected": "rechazada",
    "proposal_status.withdrawn": "retirada",
    "account_status.active": "activa",
    "account_status.banned": "bloqueada",
    "account_status.deleted": "eliminada",
    # -- buttons -------------------------------------------------------------------------------
    "btn.view": "🔎 #{id}",
    "btn.next_page": "Siguiente ▶",
    "btn.order_offer": "🛒 Pedir · {price}",
    "btn.place_order": "✅ Hacer pedido",
    "btn.not_now": "Ahora no",
    "btn.profile": "👤 Perfil",
    "btn.pause": "⏸ Pausar",
    "btn.resume": "▶ Reanudar",
    "btn.renew": "🔄 Renovar · {cost} cr",
    "btn.boost": "🚀 Destacar · {cost} cr/día",
    "btn.boost_days": "🚀 {days} · {cost}",
    "btn.bid": "✋ Enviar propuesta",
    "btn.proposals": "📨 Propuestas ({count})",
    "btn.close_request": "✖ Cerrar solicitud",
    "btn.accept": "✅ Aceptar",
    "btn.accept_yes": "✅ Sí, aceptar",
    "btn.reject": "❌ Rechazar",
    "btn.withdraw": "↩ Retirar",
    "btn.deliver": "📦 Entregar",
    "btn.approve": "✅ Aprobar",
    "btn.revise": "🔁 Pedir revisión",
    "btn.sign_off": "✅ Dar el visto bueno",
    "btn.send_back": "↩ Devolver",
    "btn.cancel_order": "✖ Cancelar pedido",
    "btn.cancel_yes": "✖ Sí, cancelar",
    "btn.keep_order": "Mantener el pedido",
    "btn.agree_cancel": "✖ Aceptar la cancelación",
    "btn.dispute": "⚠️ Disputa",
    "btn.review": "⭐ Dejar una reseña",
    "btn.message": "💬 Mensaje",
    "btn.reply": "↩ Responder",
    "btn.refresh": "🔄 Actualizar",
    "btn.open_order": "📦 Abrir pedido",
    "btn.open_id": "📦 #{id}",
    "btn.get_file": "📎 Descargar el archivo",
    "btn.full_timeline": "🕒 Historial completo ({count})",
    "btn.back_to_order": "◀ Volver al pedido",
    "btn.get_named_file": "📎 Obtener {name}",
    "btn.leave_chat": "✖ Salir del chat del pedido",
    "btn.history": "🧾 Historial",
    "btn.topup": "➕ Recargar",
    "btn.confirm_cost": "✅ Confirmar · {cost} créditos",
    "btn.new_agent": "➕ Nuevo agente",
    "btn.view_proposals": "📨 Ver propuestas",
    "btn.view_offer": "🔎 Ver oferta",
    "btn.view_request": "🔎 Ver solicitud",
    "btn.verify_again": "🪪 Solicitar de nuevo",
    "btn.feed_offer": "🔎 Ver oferta",
    "btn.feed_request": "✋ Ver y proponer",
    # -- browsing ------------------------------------------------------------------------------
    "browse.everything": "todas las categorías",
    "browse.hint": (
        "Filtra con /{command} &lt;categoría&gt; [palabras], por ejemplo "
        "<code>/{command} data-extraction csv</code>."
    ),
    "browse.no_more": "No hay más resultados para {filter}.",
    "browse.expired": "Esta lista está desactualizada; busca de nuevo.",
    "offers.header": "🛍 <b>Ofertas</b> · {filter}",
    "offers.none": "Aún no hay ofertas activas para {filter}. Publica la tuya con {cmd_newoffer}.",
    "requests.header": "📋 <b>Solicitudes</b> · {filter}",
    "requests.none": "Ahora mismo no hay solicitudes abiertas para {filter}. Publica una con {cmd_newrequest}.",
    "list.offer": (
        "{n}. {boosted}<b>{title}</b> #{id}\n"
        "    {price} · {days} d · 🤖 {bot}% · {seller} (confianza {trust})"
    ),
    "list.request": (
        "{n}. <b>{title}</b> #{id}\n"
        "    {budget} · {deadline} · 📨 {count} · {buyer} (confianza {trust})"
    ),
    "list.order": "#{id} <b>{title}</b> — {status} · eres el {role}{extra}",
    # -- cards ---------------------------------------------------------------------------------
    "card.seller": "Vendedor: {who}",
    "card.buyer": "Comprador: {who}",
    "card.offer.title": "🛍 <b>{title}</b> · oferta #{id}",
    "card.offer.terms": "💵 {price} · ⏱ entrega en {days} · 🔁 {revisions}",
    "card.offer.inputs": "<b>Lo que aportas:</b> {inputs}",
    "card.offer.output": "<b>Lo que recibes:</b> {output}",
    "card.offer.signoff": "🤖 Una persona da el visto bueno a las entregas del agente antes de que las veas.",
    "card.offer.boosted": "🚀 Destacada",
    "card.offer.status": "Estado: {status}",
    "card.offer.expires": "Fin de la publicación: {when}",
    "card.offer.boost_until": "🚀 Destacada: termina {when}",
    "card.offer.hidden": "🙈 Ocultada por un moderador: {reason}",
    "card.request.title": "📋 <b>{title}</b> · solicitud #{id}",
    "card.request.terms": "💰 Presupuesto {budget} · ⏰ {deadline} ({when})",
    "card.request.proposals": {
        "one": "📨 {count} propuesta",
        "many": "📨 {count} propuestas",
        "other": "📨 {count} propuestas",
    },
    "card.request.inputs": "<b>Materiales:</b> {inputs}",
    "card.request.proofers": {
        "one": "🔍 {count} revisor comprobará la entrega.",
        "many": "🔍 {count} revisores comprobarán la entrega.",
        "other": "🔍 {count} revisores comprobarán la entrega.",
    },
    "card.request.status": "Estado: {status}",
    "card.proposal.title": "📨 <b>Propuesta #{id}</b> para la solicitud #{request} “{title}”",
    "card.proposal.terms": "💵 {price} · ⏱ {days}",
    "card.proposal.status": "Estado: {status}",
    "card.order.title": "📦 <b>{title}</b> · pedido #{id}",
    "card.order.status": "Estado: {status}",
    "card.order.terms": "💵 {price} · {mode}",
    "card.order.auto_approve": "⏰ Se aprueba automáticamente {when} salvo que el comprador actúe",
    "card.order.frozen": "⏸ Todos los plazos están en pausa hasta que actúe un moderador.",
    "card.order.revisions": "🔁 Revisiones usadas: {used} de {included}",
    "card.order.revisions_default": "🔁 Revisiones usadas: {used} de {included} (lo estándar del mercado para pedidos de una solicitud)",
    "card.order.cancel_requested": "✖ {who} pidió cancelar; se espera a la otra parte.",
    "card.order.dispute": "⚠️ Disputa abierta por {who}: {reason}",
    "card.order.delivery": "<b>Última entrega</b> de {who} · {when}",
    "card.order.provenance": "🤖 Automatizado: {automated} · herramientas: {tools}",
    "card.order.reviewed": "👤 Revisado por el supervisor · {when}",
    "card.order.not_reviewed": "👤 Aún sin revisión humana",
    "card.order.provenance_undeclared": "🤖 Procedencia no declarada por el agente",
    "card.order.review_declared": "👤 Revisión humana declarada por el agente, sin firma en BotGig",
    "card.order.messages": "💬 Mensajes recientes",
    "card.order.timeline": "🕒 Historial",
    "card.order.full_title": "🕒 Pedido #{id} <b>{title}</b> · historial completo",
    "card.order.all_messages": "💬 Mensajes ({count})",
    "card.order.event": "{when} · {action} · {who}",
    "timeline.create": "pedido realizado",
    "timeline.fund": "pagado",
    "timeline.deliver": "entregado",
    "timeline.submit_for_signoff": "entregado para visto bueno",
    "timeline.sign_off": "visto bueno dado",
    "timeline.send_back": "devuelto",
    "timeline.request_cancel": "cancelación solicitada",
    "timeline.cancel": "cancelado de mutuo acuerdo",
    "timeline.cancel_unfunded": "cancelado",
    "timeline.funding_timeout": "cancelado: no se pagó a tiempo",
    "timeline.seller_timeout": "cancelado: no se entregó a tiempo",
    "timeline.approve": "aprobado",
    "timeline.auto_approve": "aprobado automáticamente",
    "timeline.request_revision": "revisión solicitada",
    "timeline.start_proofing": "comprobación iniciada",
    "timeline.finish_proofing": "comprobación terminada",
    "timeline.open_dispute": "disputa abierta",
    "timeline.release": "pago liberado",
    "timeline.reverse_approval": "aprobación revertida",
    "timeline.hold": "puesto en espera",
    "timeline.unhold": "retirado de espera",
    "timeline.chargeback_lost": "cancelado: el banco se quedó con el dinero de un contracargo",
    "timeline.rule_release": "resolución: liberar el pago",
    "timeline.rule_refund": "resolución: reembolso",
    "timeline.rule_split": "resolución: reparto",
    "timeline.rule_resume": "resolución: reanudar el trabajo",
    "timeline.refund_after_release": "reembolsado tras la liberación",
    # -- forms ---------------------------------------------------------------------------------
    "form.progress": "{title} · {n}/{total}",
    "form.current": "Ahora: {value}",
    "form.confirm_title": "{title} · revisa y confirma",
    "form.confirm_hint": "Pulsa {confirm} (o escribe <code>ok</code>), {back} para cambiar una respuesta, o {cancel}.",
    "form.confirm_hint_first": "Pulsa {confirm} (o escribe <code>ok</code>), o {cancel}.",
    "form.free": "✅ Es gratis.",
    "form.balance_after": "Tu saldo: {balance} créditos ({after} después de esto).",
    "form.balance_short": (
        "Tu saldo es de {balance} créditos: recarga primero con {cmd_topup} y luego confirma."
    ),
    "form.skipped": "omitido",
    "form.yes": "Sí",
    "form.no": "No",
    "form.btn.back": "◀ Atrás",
    "form.btn.keep": "✔ Mantener y seguir",
    "form.btn.skip": "Omitir ▶",
    "form.btn.cancel": "✖ Cancelar",
    "form.first_question": "Esta es la primera pregunta; {cmd_cancel} sale del formulario.",
    "form.replaced": "Se descartó tu formulario sin terminar.",
    "form.cancelled": "{title}: cancelado. No se guardó ni se cobró nada.",
    "form.stale": "Este formulario ya no está abierto.",
    "form.not_yours": "Este formulario es de otra persona: abre el tuyo desde el comando o la tarjeta.",
    "form.already_submitted": "Esto ya se envió.",
    "form.rule.text": "De {minimum} a {maximum} caracteres.",
    "form.rule.optional_text": "Opcional: hasta {maximum} caracteres, o pulsa Omitir.",
    "form.rule.int": "Un número entero de {minimum} a {maximum}.",
    "form.rule.money": "Un importe como 150, 150.50 o $1,200.",
    "form.rule.date": "Una fecha como 2026-12-01, o “in 7 days” (dentro de 7 días).",
    "form.rule.choice": "Pulsa un botón, o escribe el nombre o el número de la opción.",
    "form.rule.work": "Envía un archivo, un enlace (https://…) o una nota que describa el resultado.",
    "form.error.text_short": "Es demasiado corto: al menos {minimum} caracteres; enviaste {length}.",
    "form.error.text_long": "Es demasiado largo: como máximo {maximum} caracteres; enviaste {length}.",
    "form.error.int": "Envía un número entero de {minimum} a {maximum}, por ejemplo {minimum}.",
    "form.error.int_range": "{value} está fuera de rango: envía un número de {minimum} a {maximum}.",
    "form.error.money": "Eso no es un importe. Envíalo como 150, 150.50 o $1,200.",
    "form.error.money_decimals": "Usa como máximo dos decimales (centavos), como 150.50.",
    "form.error.money_positive": "El importe debe ser mayor que 0.",
    "form.error.money_max": "El importe puede ser como máximo {maximum}.",
    "form.error.budget_order": "El presupuesto máximo no puede ser menor que el mínimo ({minimum}).",
    "form.error.date": (
        "Eso no es una fecha. Envía 2026-12-01, 2026-12-01 15:00 (UTC), “in 7 days” (dentro "
        "de 7 días) o “tomorrow” (mañana)."
    ),
    "form.error.date_past": "Ese momento ya pasó; envía una fecha futura.",
    "form.error.date_far": "Es demasiado lejano: como máximo dentro de un año.",
    "form.error.choice": "Esa no es una de las opciones: pulsa un botón o escribe su número.",
    "form.error.yesno": "Responde con los botones Sí o No, o escribe yes o no.",
    "form.error.work": "Envía un archivo, un enlace o una nota que describa el resultado.",
    # new offer
    "form.offer.title": "📝 Nueva oferta",
    "form.offer.title.prompt": "¿Cómo se llama el servicio? Un título corto que los compradores vayan a buscar.",
    "form.offer.title.label": "Título",
    "form.offer.category.prompt": "¿Qué categoría encaja mejor?",
    "form.offer.category.label": "Categoría",
    "form.offer.description.prompt": (
        "Describe el servicio: qué está automatizado, qué revisa una persona, qué recibe el comprador."
    ),
    "form.offer.description.label": "Descripción",
    "form.offer.inputs.prompt": "¿Qué debe aportar el comprador (accesos, archivos, listas)?",
    "form.offer.inputs.label": "Materiales necesarios",
    "form.offer.output_format.prompt": "¿Qué se entrega y en qué formato (CSV, informe, PR…)?",
    "form.offer.output_format.label": "Resultado",
    "form.offer.delivery_days.prompt": "¿Cuántos días tarda la entrega?",
    "form.offer.delivery_days.label": "Entrega (días)",
    "form.offer.bot_pct.prompt": (
        "¿Qué parte del trabajo está automatizada (ejecución por bots), en porcentaje? El resto "
        "es revisión humana. Los compradores ven este reparto."
    ),
    "form.offer.bot_pct.label": "Parte automatizada (%)",
    "form.offer.price.prompt": "¿Cuál es el precio fijo?",
    "form.offer.price.label": "Precio",
    "form.offer.revisions_included.prompt": "¿Cuántas revisiones incluye?",
    "form.offer.revisions_included.label": "Revisiones incluidas",
    "form.offer.cost": "💳 Publicar cuesta <b>{cost} créditos</b>.",
    "form.offer.confirm": "✅ Publicar",
    "form.offer.done": (
        "✅ La oferta #{id} está publicada durante {days} días. Gastaste {cost} créditos; saldo: {balance}."
    ),
    # new request
    "form.request.title": "📝 Nueva solicitud",
    "form.request.title.prompt": "¿Qué necesitas que se haga? Un título corto.",
    "form.request.title.label": "Título",
    "form.request.category.prompt": "¿Qué categoría encaja mejor?",
    "form.request.category.label": "Categoría",
    "form.request.description.prompt": (
        "Describe el objetivo, el alcance y cómo sería un buen resultado."
    ),
    "form.request.description.label": "Descripción",
    "form.request.inputs.prompt": "¿Vas a aportar algo (datos, accesos, ejemplos)? Opcional.",
    "form.request.inputs.label": "Materiales",
    "form.request.budget_min.prompt": "Tu presupuesto: ¿el mínimo?",
    "form.request.budget_min.label": "Presupuesto desde",
    "form.request.budget_max.prompt": "¿Y el máximo?",
    "form.request.budget_max.label": "Presupuesto hasta",
    "form.request.deadline.prompt": "¿Cuándo se cierran las propuestas?",
    "form.request.deadline.label": "Cierre de propuestas",
    "form.request.proofers.prompt": (
        "¿Cuántos revisores independientes deben comprobar la entrega (0–3)?"
    ),
    "form.request.proofers.label": "Revisores",
    "form.request.cost": "💳 Publicarla cuesta <b>{cost} créditos</b>.",
    "form.request.confirm": "✅ Publicar solicitud",
    "form.request.done": "✅ La solicitud #{id} está publicada. Te avisaremos de cada propuesta.",
    # bid
    "form.bid.title": "✋ Propuesta",
    "form.bid.message.prompt": "Tu propuesta: ¿cómo lo harás y qué está automatizado?",
    "form.bid.message.label": "Mensaje",
    "form.bid.price.prompt": "¿Tu precio?",
    "form.bid.price.label": "Precio",
    "form.bid.timeline_days.prompt": "¿Cuántos días te llevará?",
    "form.bid.timeline_days.label": "Plazo (días)",
    "form.bid.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.bid.confirm": "✅ Enviar propuesta",
    "form.bid.done": "✅ Propuesta #{id} enviada a la solicitud #{request}. Te avisaremos cuando el comprador decida.",
    "bid.intro": "✋ Propuesta para la solicitud #{id} <b>{title}</b>\n💰 {budget} · ⏰ {deadline}",
    "bid.own": "Es tu propia solicitud; no puedes enviarle una propuesta.",
    "bid.closed": "La solicitud #{id} está {status} y ya no admite propuestas.",
    # deliver
    "form.deliver.title": "📦 Entrega",
    "form.deliver.work.prompt": "Envía el resultado: un archivo, un enlace o una nota que lo describa.",
    "form.deliver.work.label": "Resultado",
    "form.deliver.note.prompt": "¿Añades una nota para el comprador? Opcional.",
    "form.deliver.note.label": "Nota",
    "form.deliver.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.deliver.confirm": "📦 Entregar",
    "form.deliver.done": "📦 Pedido #{id} entregado. Se pidió al comprador que lo apruebe.",
    # review
    "form.review.title": "⭐ Reseña",
    "form.review.rating.prompt": "¿Qué tal fue, de 1 a 5 estrellas?",
    "form.review.rating.label": "Puntuación",
    "form.review.text.prompt": "¿Unas palabras para los demás? Opcional.",
    "form.review.text.label": "Reseña",
    "form.review.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.review.confirm": "✅ Enviar reseña",
    "form.review.done": (
        "⭐ ¡Gracias! Tu reseña del pedido #{id} está guardada. Las reseñas son de doble ciego: "
        "ambas aparecen cuando la otra parte también reseña, o pasados 14 días."
    ),
    "review.intro": "⭐ Reseña del pedido #{id} con {other}",
    "review.not_party": "Solo el comprador y el vendedor del pedido #{id} pueden reseñarlo.",
    "review.not_completed": "El pedido #{id} está {status}; las reseñas se abren cuando se completa.",
    "review.done_already": "Ya reseñaste el pedido #{id}.",
    # revise, dispute, send back
    "form.revise.title": "🔁 Solicitud de revisión",
    "form.revise.note.prompt": "¿Qué debe cambiar? Sé concreto; el vendedor vuelve a tener el plazo de entrega.",
    "form.revise.note.label": "Qué cambiar",
    "form.revise.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.revise.confirm": "🔁 Pedir revisión",
    "form.revise.done": "🔁 Revisión solicitada en el pedido #{id}; el vendedor ya está avisado.",
    "form.dispute.title": "⚠️ Disputa",
    "form.dispute.reason.prompt": (
        "¿Qué salió mal? Un moderador lo lee junto con el historial, los mensajes y las "
        "entregas del pedido. Todos los plazos se pausan mientras la disputa esté abierta."
    ),
    "form.dispute.reason.label": "Motivo",
    "form.dispute.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.dispute.confirm": "⚠️ Abrir disputa",
    "form.dispute.done": "⚠️ Disputa abierta en el pedido #{id}. Un moderador contactará con ambas partes.",
    "form.sendback.title": "↩ Devolver al agente",
    "form.sendback.note.prompt": "¿Qué debe corregir el agente antes de que lo vea el comprador?",
    "form.sendback.note.label": "Qué corregir",
    "form.sendback.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.sendback.confirm": "↩ Devolver",
    "form.sendback.done": "↩ Entrega del pedido #{id} devuelta al agente.",
    # report
    "form.report.title": "🚩 Denuncia",
    "form.report.subject.prompt": (
        "¿Qué denuncias? Por ejemplo offer 12, request 7, order 5, message 9 o @usuario."
    ),
    "form.report.subject.label": "Objeto",
    "form.report.reason.prompt": "¿Qué problema tiene?",
    "form.report.reason.label": "Motivo",
    "form.report.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.report.confirm": "🚩 Enviar denuncia",
    "report.done": "🚩 Gracias: tu denuncia sobre {subject} llegó a los moderadores.",
    "report.bad_subject": "Indica qué denuncias, por ejemplo offer 12, order 5 o @usuario.",
    "report.unknown_user": "No existe el usuario {name}.",
    # agent
    "form.agent.title": "🤖 Nuevo agente",
    "form.agent.display_name.prompt": "¿Cómo se llama el agente?",
    "form.agent.display_name.label": "Nombre",
    "form.agent.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.agent.confirm": "✅ Crear agente",
    # -- listings --------------------------------------------------------------------------
    "myoffers.none": "Aún no tienes ofertas. Publica una con {cmd_newoffer}.",
    "myoffers.header": "🗂 <b>Tus ofertas</b> ({count})",
    "myoffers.more": {
        "one": "…y {count} oferta más antigua.",
        "many": "…y {count} ofertas más antiguas.",
        "other": "…y {count} ofertas más antiguas.",
    },
    "myoffers.line": "🛍 <b>{title}</b> #{id} · {price} · {status}",
    "myrequests.none": "Aún no tienes solicitudes. Publica una con {cmd_newrequest}.",
    "myrequests.header": "🗂 <b>Tus solicitudes</b> ({count})",
    "myrequests.more": {
        "one": "…y {count} solicitud más antigua.",
        "many": "…y {count} solicitudes más antiguas.",
        "other": "…y {count} solicitudes más antiguas.",
    },
    "myrequests.line": "📋 <b>{title}</b> #{id} · {budget} · {status} · 📨 {count}",
    "offer.own": "Es tu propia oferta; no puedes pedirla.",
    "offer.not_yours": "La oferta #{id} no es tuya.",
    "offer.not_active": "La oferta #{id} no está disponible ahora mismo.",
    "offer.order_confirm": "🛒 ¿Pedir <b>{title}</b> a {seller} por <b>{price}</b>, con entrega en {days}?\n\nEl pago es fuera de la plataforma: lo acuerdas directamente con el vendedor. BotGig guarda los mensajes, entregas y aprobaciones del pedido, y su historial.",
    "offer.ordered": "✅ Pedido #{id} realizado; el vendedor ya está avisado.",
    "offer.renewed": (
        "🔄 Oferta #{id} renovada: publicada hasta {when}. Gastaste {cost} créditos; saldo: {balance}."
    ),
    "offer.boost_pick": "🚀 Destaca la oferta #{id} en lo más alto de los listados ({cost} créditos al día):",
    "offer.boosted": (
        "🚀 Oferta #{id} destacada hasta {when}. Gastaste {cost} créditos; saldo: {balance}."
    ),
    "request.closed": "Solicitud #{id} cerrada; se rechazaron sus propuestas pendientes.",
    "proposals.none": "Aún no hay propuestas para la solicitud #{id} <b>{title}</b>.",
    "proposals.header": {
        "one": "📨 <b>{count} propuesta</b> para la solicitud #{id} <b>{title}</b>",
        "many": "📨 <b>{count} propuestas</b> para la solicitud #{id} <b>{title}</b>",
        "other": "📨 <b>{count} propuestas</b> para la solicitud #{id} <b>{title}</b>",
    },
    "proposal.accepted": "🤝 Aceptada: el pedido #{id} con {seller} está en curso.",
    "proposal.accept_confirm": (
        "🤝 ¿Aceptar la propuesta #{id} de {seller}: <b>{price}</b>, entregada en {days}?\n"
        "Empieza al momento un pedido para la solicitud #{request} <b>{title}</b>, que se cierra."
    ),
    "proposal.accept_others": {
        "one": "La otra {count} propuesta pendiente se rechaza y se avisa a su vendedor.",
        "many": "Las otras {count} propuestas pendientes se rechazan y se avisa a sus vendedores.",
        "other": "Las otras {count} propuestas pendientes se rechazan y se avisa a sus vendedores.",
    },
    "proposal.accept_no_others": "No hay otras propuestas pendientes en ella.",
    "proposal.rejected": "Propuesta #{id} rechazada.",
    "proposal.withdrawn": "Propuesta #{id} retirada.",
    # -- orders ----------------------------------------------------------------------------
    "orders.none": "Aún no tienes pedidos. Mira {cmd_offers} o publica una {cmd_newrequest}.",
    "orders.header": "📦 <b>Tus pedidos</b> · activos: {active}, terminados: {finished}",
    "orders.finished": "<b>Terminados</b>",
    "order.stale": "El pedido #{id} ahora está {status}; eso ya no es posible.",
    "order.no_revisions": {
        "one": "El pedido #{id} incluía {count} revisión y ya se usó. Apruébalo, o abre una disputa si no cumple lo acordado.",
        "many": "El pedido #{id} incluía {count} revisiones y ya se usaron todas. Apruébalo, o abre una disputa si no cumple lo acordado.",
        "other": "El pedido #{id} incluía {count} revisiones y ya se usaron todas. Apruébalo, o abre una disputa si no cumple lo acordado.",
    },
    "order.approved": "✅ Pedido #{id} aprobado y completado. Deja una reseña cuando quieras.",
    "order.approved_release": (
        "✅ Pedido #{id} aprobado; el pago se libera al vendedor tras el periodo de espera."
    ),
    "order.cancelled": "✖ El pedido #{id} está cancelado.",
    "order.cancel_requested": (
        "✖ Pediste cancelar el pedido #{id}; se cancela cuando la otra parte lo acepte."
    ),
    "order.cancel_confirm_now": "¿Cancelar el pedido #{id} ahora?",
    "order.cancel_confirm_ask": (
        "¿Pedir la cancelación del pedido #{id}? Un trabajo en curso solo se cancela si ambas partes están de acuerdo."
    ),
    "order.signed_off": "✅ Diste el visto bueno a la entrega del pedido #{id}; ahora la ve el comprador.",
    "order.file": "📎 {name} del pedido #{id}",
    "relay.entered": (
        "💬 Estás en el chat del pedido #{id}: todo lo que escribas le llega a {other}.\n"
        "{cmd_order} o {cmd_cancel} para salir."
    ),
    "relay.left": "Saliste del chat del pedido #{id}.",
    "relay.closed": "El pedido #{id} está cerrado; los mensajes también.",
    "relay.sent": "✓ Enviado al pedido #{id}.",
    "relay.redacted": (
        "🔒 Eliminado antes de enviarlo: {kinds}. Nunca compartas claves, contraseñas ni frases "
        "semilla; da acceso mediante credenciales limitadas y revocables."
    ),
    # -- account ---------------------------------------------------------------------------
    "balance.text": (
        "💳 <b>{balance} créditos</b>\n\n"
        "Los créditos pagan acciones de la plataforma, nunca servicios:\n"
        "• publicar una oferta: {publish} ({days} días)\n"
        "• renovar una oferta: {renew}\n"
        "• destacar: {boost} al día\n"
        "• publicar una solicitud: {request}\n"
        "• verificación: {verification}\n"
        "• cambio de usuario: {username} (el primero es gratis)"
    ),
    "history.none": "Aún no hay movimientos de créditos.",
    "history.header": "🧾 <b>Historial de créditos</b>",
    "history.line": "<code>{amount}</code> · {memo} · {when}",
    "profile.title": "👤 <b>{name}</b> · #{id}",
    "profile.trust": "🛡 Puntuación de confianza: <b>{score}/100</b>",
    "profile.rating": "⭐ Valoración media: {rating}",
    "profile.completed": "✅ Pedidos completados: {seller} como vendedor, {buyer} como comprador",
    "profile.completion": "📈 Tasa de finalización: {pct}%",
    "profile.disputes": "⚠️ Tasa de disputas: {pct}%",
    "profile.verification.none": "🪪 Sin verificar",
    "profile.verification.pending": "🪪 Verificación pendiente",
    "profile.verification.verified": "🪪 Verificado ✓",
    "profile.since": "📅 Miembro desde {when}",
    "profile.banned": "⛔ Bloqueado",
    "profile.reviews": "Reseñas recientes",
    "profile.own_hint": "Elige tu @usuario con {cmd_username}; verifícate con {cmd_verify}.",
    "username.done": "✅ Ahora eres {name}.",
    "username.same": "Ya eres {name}.",
    "username.taken": "{name} ya está en uso; elige otro.",
    "username.confirm": "¿Cambiar tu nombre de usuario a {name}? Un cambio cuesta {cost} créditos.",
    "verify.already": "🪪 Tu cuenta ya está verificada.",
    "verify.pending": "🪪 Tu solicitud de verificación espera a un moderador.",
    "verify.confirm": (
        "🪪 Verificación: un moderador comprueba quién responde por esta cuenta. Las cuentas "
        "verificadas tienen más confianza. Cuesta {cost} créditos."
    ),
    "verify.requested": (
        "🪪 Verificación solicitada; un moderador la revisará. Gastaste {cost} créditos; "
        "saldo: {balance}."
    ),
    "agents.none": (
        "🤖 Aún no supervisas ningún agente. Un agente trabaja en tu nombre: sus entregas y "
        "mensajes aparecen como 🤖 supervisado por ti."
    ),
    "agents.header": "🤖 <b>Agentes que supervisas</b> ({count})",
    "agents.line": "• {name} #{id} · confianza {trust} · {status}",
    "agents.keys_hint": "Nueva clave para un agente (la anterior deja de funcionar): {cmd_agents} key &lt;id&gt;",
    "agents.created": (
        "🤖 Agente {name} (#{id}) creado; su trabajo aparece como 🤖 supervisado por ti."
    ),
    "agents.key_rotated": "🔑 Nueva clave de API para el agente {name} (#{id}); las anteriores dejan de funcionar ya.",
    "agents.key": (
        "Su clave de API (se muestra una sola vez): <code>{key}</code>\nDásela al agente como "
        "cabecera <code>X-API-Key</code>."
    ),
    "agents.key_private": "🔒 Obtén su clave de API en un chat privado con el bot: {cmd_agents} key {id}",
    "agents.agent_itself": "Una cuenta de agente no puede supervisar a otros agentes.",
    "apikey.issued": (
        "🔑 Tu nueva clave de API (se muestra una sola vez; las anteriores dejan de funcionar ya):\n<code>{key}</code>\n"
        "Envíala como cabecera <code>X-API-Key</code>. El acceso a la API está pagado hasta {until}; "
        "después se renueva con tus créditos. La guía para agentes: /llms.txt en la API."
    ),
    "apikey.private_only": "🔒 Pide una clave de API en un chat privado con el bot, no aquí.",
    # -- top-ups (handlers.commands.topup) -----------------------------------------------------
    "topup.header": "➕ <b>Recargar créditos</b> · tu saldo es de {balance} créditos.",
    "topup.none": (
        "➕ Las recargas no están disponibles ahora mismo en este BotGig. Tu saldo es de {balance} "
        "créditos; un moderador puede ajustar créditos si lo pides."
    ),
    "topup.crypto_title": "🪙 Cripto",
    "topup.crypto_send": (
        "Envía {symbols} en <b>{network}</b> (chain id {chain_id}) a tu propia dirección de depósito:"
    ),
    "topup.crypto_rate": "• 1 {symbol} = {rate} créditos · mínimo {minimum} {symbol}",
    "topup.crypto_token": "  contrato del token {contract}",
    "topup.crypto_terms": (
        "Se acredita tras {confirmations} confirmaciones; los depósitos de menos de {min_credits} "
        "créditos se registran pero no se acreditan. Envía solo en {network}: lo que se envíe en "
        "otra red se pierde."
    ),
    "topup.stars_text": (
        "⭐ <b>Telegram Stars</b>\nElige un paquete; Telegram te pedirá que confirmes el pago."
    ),
    "topup.stars_pack": "{credits} créditos · ⭐ {stars}",
    "topup.stars_telegram_only": "Los paquetes de Telegram Stars solo se pueden comprar en el bot de Telegram.",
    "history.ref_tx": " · tx {ref}",
    "history.ref_stars": " · cargo de Stars {ref}",
    "stars.invoice_title": "{credits} créditos de BotGig",
    "stars.invoice_description": (
        "{credits} créditos para tu cuenta de BotGig: pagan la publicación, los destacados y "
        "otras acciones de la plataforma. Los créditos no se pueden transferir ni canjear por dinero."
    ),
    "stars.invoice_label": "{credits} créditos",
    "stars.payment_unmatched": (
        "⚠️ Tu pago con Stars {charge} no se pudo asociar a ningún paquete; no se añadieron "
        "créditos. Los moderadores están avisados y lo reembolsarán o acreditarán."
    ),
    # -- one account on Telegram and Discord (/link, /settings) --------------------------------
    "platform.telegram": "Telegram",
    "platform.discord": "Discord",
    "link.none": "ninguna",
    "link.code": (
        "🔗 Tu código de vinculación: {code}\n"
        "Funciona una vez, durante {minutes} minutos. En {platform}, introduce {how}; así ambas "
        "plataformas usan esta misma cuenta, con sus pedidos y créditos.\n"
        "Vinculadas ahora: {platforms}."
    ),
    "link.how.telegram": "<code>{cmd_link} {code}</code> en un chat con el bot de BotGig",
    "link.how.discord": "<code>{cmd_link} code:{code}</code> en el servidor de BotGig o en un MD con el bot",
    "link.done": "✅ Vinculado. La cuenta #{id} está ahora en {platforms}.",
    "link.merged": (
        "Tu cuenta de {platform} #{absorbed} aún no tenía actividad, así que se fusionó con la "
        "cuenta #{id}."
    ),
    "link.grant_dropped": (
        "Sus {credits} créditos de bienvenida no se traspasaron: el regalo de bienvenida es uno "
        "por persona."
    ),
    "link.notify_hint": "Los avisos van a la última plataforma que usaste; elige una con {cmd_settings}.",
    "link.removed": "🔗 {platform} se desvinculó de esta cuenta. Vinculadas ahora: {platforms}.",
    "link.removed_here": (
        "🔗 {platform} se desvinculó de esta cuenta (vinculadas ahora: {platforms}). Tu próximo "
        "mensaje aquí crea una cuenta nueva e independiente."
    ),
    "settings.text": (
        "⚙️ <b>Ajustes</b>\n"
        "🔔 Los avisos van a: <b>{where}</b> ({choice})\n"
        "🔗 Plataformas vinculadas: {platforms} ({cmd_link} para añadir una)"
    ),
    "settings.chosen": "tu elección: {platform}",
    "settings.auto": "la última plataforma que usaste",
    "settings.nowhere": "ningún chat (vincula una plataforma con {cmd_link})",
    "settings.saved": "✅ Guardado.",
    "btn.notify_telegram": "🔔 En Telegram",
    "btn.notify_discord": "🔔 En Discord",
    "btn.notify_auto": "🔔 La última que usé",
    # -- notifications -----------------------------------------------------------------------
    "n.order_ref": "pedido #{id} “{title}”",
    "n.order_ref_bare": "pedido #{id}",
    "n.order_created": "🆕 Nuevo {order} de {buyer}: {price}, {due}.",
    "n.order_created_unfunded": (
        "🆕 Nuevo {order} de {buyer}: {price}. Se espera el pago del comprador antes de empezar."
    ),
    "n.order_funded": "💳 El {order} está pagado; el trabajo puede empezar ({due}).",
    "n.order_delivered_buyer": (
        "📦 {who} entregó el {order}.\nRevísalo y luego apruébalo o pide una revisión. Si no "
        "respondes, se aprueba automáticamente en {days} días."
    ),
    "n.order_delivered": "📦 {who} entregó el {order}.",
    "n.order_delivered_file": "📎 Archivo entregado: <b>{name}</b> (el botón de abajo te lo envía).",
    "n.order_signoff_supervisor": (
        "🤖 {agent} entregó el {order}. Dale el visto bueno antes de que lo vea el comprador, o devuélvelo."
    ),
    "n.order_signoff_buyer": (
        "📦 El agente entregó el {order}; su supervisor revisa el trabajo antes de que lo veas."
    ),
    "n.order_sent_back": "↩ {who} devolvió la entrega del {order}.{note}",
    "n.order_revision": "🔁 {who} pidió una revisión del {order} ({due}).{note}",
    "n.order_approved": "✅ {who} aprobó el {order}.",
    "n.order_approved_release": (
        "✅ {who} aprobó el {order}; el pago se libera tras el periodo de espera."
    ),
    "n.order_auto_approved": "✅ El {order} se aprobó automáticamente pasados {days} días.",
    "n.order_auto_approved_release": (
        "✅ El {order} se aprobó automáticamente pasados {days} días; el pago se libera "
        "tras el periodo de espera."
    ),
    "n.order_completed": "🎉 El {order} está completado. ¿Qué tal fue? Las reseñas son de doble ciego.",
    "n.order_cancelled": "✖ El {order} se canceló: {reason}.{note}",
    "n.cancel_reason.cancel": "ambas partes lo acordaron",
    "n.cancel_reason.cancel_unfunded": "se canceló antes del pago",
    "n.cancel_reason.funding_timeout": "no se pagó a tiempo",
    "n.cancel_reason.seller_timeout": "no se entregó en el plazo",
    "n.order_cancel_requested": (
        "✖ {who} pide cancelar el {order}.{note}\nAcéptalo con el botón o con {cmd_cancelorder} {id}, o "
        "escríbele antes."
    ),
    "n.order_disputed": (
        "⚠️ {who} abrió una disputa sobre el {order}.{note}\nTodos los plazos quedan en pausa hasta "
        "que un moderador resuelva; puedes dar tu versión en los mensajes del pedido."
    ),
    "n.order_held": "⏸ Un moderador puso en espera el {order}.{note}",
    "n.order_unheld": "▶ El {order} ya no está en espera: {status}.",
    "n.order_reversed": "↩ Un moderador revirtió la aprobación del {order}; vuelve a estar entregado.{note}",
    "n.order_proofing_started": "🔍 Los revisores están comprobando la entrega del {order}.",
    "n.order_proofing_finished": "🔍 Terminó la comprobación del {order}; la entrega espera aprobación.",
    "n.reminder_seller": "⏰ El {order} {due}. Entrégalo a tiempo o escribe al comprador.",
    "n.reminder_buyer": (
        "⏰ El {order} se aprueba automáticamente {when} salvo que lo apruebes o pidas una revisión."
    ),
    "n.dispute_resolved": "⚖️ Un moderador resolvió el {order}: {outcome}.{note}",
    "n.ruling.release": "el pago va al vendedor",
    "n.ruling.refund": "se reembolsa al comprador",
    "n.ruling.split": "reparto, {pct}% reembolsado al comprador",
    "n.ruling.resume": "el trabajo se reanuda",
    "n.dispute_claimed": "👮 Un moderador se encargó de la disputa del {order}.",
    "n.payment_released": "💸 {amount} del {order} liberado al vendedor.",
    "n.payment_refunded": "💸 {amount} del {order} reembolsado al comprador.",
    "n.message": (
        "💬 <b>Pedido #{id}</b> · {who}\n{text}{extra}\n\n"
        "<i>Responde a este mensaje para contestar.</i>"
    ),
    "n.review_received": (
        "⭐ {who} reseñó el {order}. Las reseñas son de doble ciego: la verás cuando tú también "
        "reseñes, o pasados {days} días."
    ),
    "n.reviews_revealed": "⭐ Las reseñas del {order} ya son públicas:\n{reviews}",
    "n.review_line": "{who} → {subject}: {stars}{text}",
    "n.application_received": "📨 Nueva propuesta para tu solicitud #{id} “{title}” de {seller} (confianza {trust}): {price}, {days}.",
    "n.application_accepted": (
        "🎉 Se aceptó tu propuesta para “{title}”: empezó el pedido #{id}. Mantén informado al "
        "comprador en los mensajes del pedido."
    ),
    "n.application_rejected": "Se rechazó tu propuesta para “{title}”. Hay otras solicitudes esperando.",
    "n.application_withdrawn": "{who} retiró su propuesta para “{title}”.",
    "n.offer_published": "🛍 Tu oferta #{id} “{title}” está publicada.",
    "n.offer_expired": (
        "⌛ Tu oferta #{id} “{title}” caducó. Renuévala por {cost} créditos para volver a publicarla."
    ),
    "n.request_posted": "📋 Tu solicitud #{id} “{title}” está publicada.",
    "n.request_expired": "⌛ Tu solicitud #{id} “{title}” llegó a su fecha límite y se cerró.",
    "n.credits_topped_up": "💳 +{amount} créditos ({source}). Saldo: {balance}.",
    "n.topup_source.topup_crypto": "cripto",
    "n.topup_source.topup_stars": "Telegram Stars",
    "n.topup_ref.topup_crypto": "\nTransacción: {ref}",
    "n.topup_ref.topup_stars": "\nCargo de Stars: {ref}",
    "n.deposit_seen": (
        "⏳ Depósito detectado: {amount} {symbol} en {network}, equivale a {credits} créditos. "
        "{confirmations}/{needed} confirmaciones; se acredita al llegar a {needed}.\nTransacción: {tx}"
    ),
    "n.deposit_seen_below": (
        "\n⚠️ Está por debajo del mínimo de {minimum} créditos: se registrará, pero no se "
        "acreditará."
    ),
    "n.deposit_below_minimum": (
        "⚠️ Tu depósito de {amount} {symbol} equivale a {credits} créditos, por debajo del mínimo "
        "de {minimum}: se registra pero no se acredita. Pide ayuda a un moderador si necesitas "
        "resolverlo.\nTransacción: {tx}"
    ),
    "n.deposit_held": (
        "⏸ Tu depósito de {amount} {symbol} ({credits} créditos) queda retenido para los "
        "moderadores porque tu cuenta está bloqueada.\nTransacción: {tx}"
    ),
    "n.deposit_reorged": (
        "↩️ El depósito de {amount} {symbol} se descartó por una reorganización de la cadena y no "
        "se acreditará salvo que la transacción se vuelva a minar.\nTransacción: {tx}"
    ),
    "n.stars_refunded": (
        "↩️ Un moderador reembolsó tu pago con Telegram Stars: te devuelve ⭐ {stars} y se "
        "retiran {credits} créditos. Saldo: {balance}."
    ),
    "n.credits_adjusted": "💳 Un moderador ajustó tus créditos en {delta}. Saldo: {balance}.{note}",
    "n.account_banned": (
        "⛔ Tu cuenta está bloqueada.{note}\nPuedes seguir consultando tus propios datos. Contacta "
        "con los moderadores si crees que es un error."
    ),
    "n.account_unbanned": "✅ Tu cuenta vuelve a estar activa.",
    "n.verification_requested": "🪪 Tu solicitud de verificación espera a un moderador.",
    "n.verification_approved": "🪪 Tu cuenta está verificada ✓ — ahora cuenta en tu puntuación de confianza.",
    "n.verification_declined": "🪪 Se rechazó la verificación.{note}",
    "n.listing_hidden": "🙈 Un moderador ocultó tu {kind} #{id} “{title}”.{note}",
    "n.listing_kind.offer": "oferta",
    "n.listing_kind.request": "solicitud",
    "n.proof_submitted": "🔍 Un revisor envió una evaluación del {order}.",
    "n.report_filed": "🚩 Se registró tu denuncia sobre {subject}.",
    "n.order_update": "🔔 Novedades del {order}: {status}",
    # -- channels ----------------------------------------------------------------------------
    "feed.offer": "🛍 <b>Nueva oferta</b> #{id}\n<b>{title}</b>\n{category} · {price}",
    "feed.request": (
        "📋 <b>Nueva solicitud</b> #{id}\n<b>{title}</b>\n{category} · presupuesto {budget} · "
        "cierre de propuestas {deadline}"
    ),
    "admin.order_disputed": "⚠️ Disputa en el pedido {order} “{title}” abierta por {actor}:\n{note}\n{adm_disputes}",
    "admin.dispute_resolved": "⚖️ Pedido {order} resuelto por {actor}: {ruling}.\n{note}",
    "admin.dispute_claimed": "👮 Caso {dispute} (pedido {order}) asignado a {moderator}.",
    "admin.order_held": "⏸ Pedido {order} puesto en espera por {actor}: {note}",
    "admin.order_unheld": "▶ Pedido {order} retirado de espera por {actor}.",
    "admin.order_reversed": "↩ Aprobación del pedido {order} revertida por {actor}: {note}",
    "admin.account_banned": "⛔ Cuenta {account} bloqueada: {note}",
    "admin.verification_requested": "🪪 Verificación solicitada por la cuenta {account}. {adm_verifications}",
    "admin.report_filed": "🚩 Denuncia {report} sobre {subject} de {reporter}:\n{note}\n{adm_reports}",
    "admin.deposit_held": (
        "💰 Un depósito cripto a la cuenta bloqueada {account} está retenido para revisión: un "
        "moderador lo acredita o lo resuelve fuera de la plataforma."
    ),
    "admin.generic": "🔔 {type}",
    # -- safety and moderation notices (admin channel issue) --
    "n.secret_redacted": (
        "🔒 Eliminamos {kinds} de tu contenido ({subject}) antes de que nadie lo viera. Nunca compartas "
        "credenciales que no puedas revocar: da el mínimo privilegio y tokens temporales, y "
        "cambia todo lo que ya hayas enviado."
    ),
    "n.account_warned": (
        "⚠️ Un moderador te advirtió: {reason}\nLos problemas repetidos pueden llevar a un bloqueo; "
        "responde con {cmd_report} si crees que es un error."
    ),
    "admin.dispute_unclaimed": "⏰ El caso {dispute} (pedido {order}) sigue sin asignar.",
    # -- escrow on Stripe (handlers/commands/payouts.py, handlers/render_payments.py) ----------
    "cmd.wallet": "Tu monedero de dinero para pedidos con depósito en garantía",
    "cmd.pay": "Pagar un pedido con depósito en garantía: {cmd_pay} <pedido>",
    "usage.wallet": (
        "Uso: {cmd_wallet}, o {cmd_wallet} deposit &lt;importe&gt;\nEjemplo: <code>{cmd_wallet} deposit 50</code>"
    ),
    "usage.pay": "Uso: {cmd_pay} &lt;id de pedido&gt;\nEjemplo: <code>{cmd_pay} 7</code>",
    "payouts.off": (
        "💸 El depósito en garantía no está configurado en este BotGig: los pedidos se pagan fuera "
        "de la plataforma, directamente entre comprador y vendedor; BotGig registra el trabajo y "
        "las aprobaciones."
    ),
    "payouts.title": "💸 <b>Cobros a través de Stripe</b>",
    "payouts.state.not_started": "Aún sin configurar: conecta una cuenta de Stripe para recibir pedidos con depósito en garantía.",
    "payouts.state.action_required": "Stripe necesita más datos antes de poder pagarte.",
    "payouts.state.pending": "Tus datos están enviados; Stripe los está verificando.",
    "payouts.state.enabled": "✅ Cobros activados: los compradores pueden hacerte pedidos con depósito en garantía.",
    "payouts.state.restricted": "⛔ Stripe restringió los pagos a tu cuenta; abre el enlace para solucionarlo.",
    "payouts.requirements": {
        "one": "Pendiente con Stripe: {count} elemento.",
        "many": "Pendiente con Stripe: {count} elementos.",
        "other": "Pendiente con Stripe: {count} elementos.",
    },
    "payouts.link_hint": "El enlace funciona una vez y caduca en minutos; envía {cmd_payouts} para obtener otro.",
    "btn.payouts_link": "Abrir Stripe",
    "payments.stripe_failed": "Stripe no respondió; inténtalo de nuevo en un minuto.",
    "wallet.balance": (
        "👛 Tu monedero tiene {balance}: dinero para pedidos con depósito en garantía (no créditos). "
        "Deposita con {cmd_wallet} deposit &lt;importe&gt;."
    ),
    "wallet.deposit": "👛 Deposita {amount} en tu monedero con una tarjeta:",
    "btn.pay_card": "💳 Pagar con tarjeta",
    "btn.pay_wallet": "👛 Pagar con el monedero",
    "btn.place_order_escrow": "🔒 Pedir con garantía",
    "btn.accept_escrow": "🔒 Aceptar con garantía",
    "escrow.offer_choice": (
        "O paga con depósito en garantía: BotGig retiene el dinero hasta que apruebes el trabajo y "
        "luego lo paga al vendedor tras un periodo de espera."
    ),
    "escrow.fee_line": "Comisión de la plataforma {fee} ({pct}%), descontada del cobro del vendedor; el vendedor recibe {seller}.",
    "escrow.pay": "🔒 El pedido #{id} espera tu pago de <b>{amount}</b> en depósito en garantía.",
    "escrow.wallet_covers": "Tu monedero ({balance}) lo cubre.",
    "escrow.funded": "🔒 El pedido #{id} está pagado: {amount} queda en depósito en garantía.",
    "escrow.funded_wallet": "🔒 El pedido #{id} se pagó con tu monedero; el vendedor puede empezar.",
    "escrow.ordered": "✅ Pedido #{id} con {seller} realizado con depósito en garantía; el trabajo empieza cuando se pague.",
    "n.payment_paid_out": "💸 {amount} del {order} se transfirió a tu cuenta de Stripe.",
    "n.payment_failed": "❌ Falló tu pago del {order}: {reason}\nPuedes intentarlo de nuevo.",
    "n.payment_refund_failed": "↩️❌ El reembolso de {amount} de {order} no llegó a tu tarjeta: {reason}. Los moderadores ya lo saben y te devolverán el dinero de otra forma.",
    "n.payment_chargeback": "💳⚠️ El pago con tarjeta de {order} ({amount}) fue disputado ante el banco. El dinero queda retenido (un pago ya hecho al vendedor se revierte) hasta que el banco decida; los moderadores lo siguen.",
    "n.payment_chargeback_won": "💳✅ El banco resolvió la disputa de tarjeta de {order} a favor de la plataforma: el dinero ({amount}) ya no está retenido.",
    "n.payment_chargeback_lost": "💳❌ El banco resolvió la disputa de tarjeta de {order} a favor del titular: {amount} volvió a su tarjeta y no se paga al vendedor.",
    "n.payment_returned": "↩ Se te reembolsó un pago de {amount} del {order}: {reason}.",
    "n.wallet_credited": "👛 Llegaron {amount} a tu monedero; ahora tiene {balance}.",
    "n.payouts_enabled": "✅ Stripe activó tus cobros: ya pueden hacerte pedidos con depósito en garantía.",
    "n.payouts_disabled": "⚠️ Stripe pausó tus cobros; envía {cmd_payouts} para ver qué necesita.",
    "admin.payment_job_failed": "💸❌ Falló la llamada de pago en el pedido {order}: {note}",
    "admin.payment_chargeback": "💳⚠️ Contracargo de tarjeta en el pedido {order}; el pedido queda en espera: {note}",
    "admin.payment_refund_failed": "↩️❌ Un reembolso falló en el banco del comprador en el pedido {order}: {note}. Devuélvele el dinero de otra forma.",
    "admin.payouts_disconnected": "🔌 Un vendedor desconectó su cuenta de cobros ({account}): {note}. Sus pagos esperan hasta que la vuelva a conectar con {cmd_payouts}.",
    "admin.payment_chargeback_closed": "💳🏁 Contracargo del pedido {order} cerrado: {note}",
    "admin.payment_chargeback_funds": "💳💱 Dinero de contracargo del pedido {order}: {note}",
    "admin.payment_unexpected": "💳❓ Stripe movió dinero que BotGig no pidió (pedido {order}): {note}",
    # -- errors: error.<code> for each core.shared.errors.ErrorCode, the same placeholders ---------
    "error.not_found": "No se encontró: {What} {ident}.",
    "error.order.invalid_transition": "El pedido {order_id} está {status}: ahora no se puede «{action}».",
    "error.credits.insufficient": "Cuesta {needed} créditos y tu saldo es de {balance}. Recarga con {cmd_topup} y vuelve a intentarlo.",
    "error.rate_limited": "Demasiadas acciones; inténtalo de nuevo en {seconds} s.",
    # -- errors: orders
    "error.order.escrow_required": "El pedido {order_id} se paga fuera de la plataforma: «{action}» necesita depósito en garantía.",
    "error.order.no_revisions_left": "Ya se usaron las {included} revisiones incluidas. Aprueba la entrega o abre una disputa si no cumple lo acordado.",
    "error.order.role_not_allowed": "Pedido {order_id}: «{action}» no corresponde a tu rol.",
    "error.order.signoff_not_required": "El pedido {order_id} no necesita la aprobación de un supervisor.",
    # -- admin channel
    "admin.usage": "Uso: {usage}",
    "admin.usage.disputes": "{adm_disputes} — los casos sin resolver",
    "admin.usage.case": "{adm_case} &lt;id&gt; — un caso con todas sus pruebas",
    "admin.usage.claim": "{adm_claim} &lt;id&gt; — asignarte un caso",
    "admin.usage.rule": "{adm_rule} &lt;id&gt; release|refund|split &lt;pct&gt;|resume &lt;nota&gt; — p. ej. {adm_rule} 4 split 30 Faltaba la mitad de las filas (pct se reembolsa al comprador; el resto se paga al vendedor)",
    "admin.usage.hold": "{adm_hold} &lt;pedido&gt; &lt;motivo&gt; — congelar un pedido y su pago",
    "admin.usage.unhold": "{adm_unhold} &lt;pedido&gt; — quitar la espera",
    "admin.usage.release": "{adm_release} &lt;pedido&gt; [nota] — liberar un pago retenido en su periodo de espera",
    "admin.usage.reverse": "{adm_reverse} &lt;pedido&gt; &lt;nota&gt; — deshacer una aprobación durante el periodo de espera del pago",
    "admin.usage.refund": "{adm_refund} &lt;pedido&gt; &lt;nota&gt; — devolver al comprador el dinero liberado de un pedido completado con depósito en garantía (primero se revierte el pago al vendedor)",
    "admin.usage.ban": "{adm_ban} &lt;usuario&gt; &lt;motivo&gt; — usuario como @nombre o #id",
    "admin.usage.unban": "{adm_unban} &lt;usuario&gt;",
    "admin.usage.warn": "{adm_warn} &lt;usuario&gt; &lt;motivo&gt; — una advertencia formal: se le envía y queda en su historial",
    "admin.usage.hide": "{adm_hide} &lt;offer:ID|request:ID&gt; &lt;motivo&gt;",
    "admin.usage.unhide": "{adm_unhide} &lt;offer:ID|request:ID&gt;",
    "admin.usage.verifications": "{adm_verifications} — cuentas pendientes de verificación",
    "admin.usage.verify_ok": "{adm_verify_ok} &lt;usuario&gt;",
    "admin.usage.verify_no": "{adm_verify_no} &lt;usuario&gt; &lt;motivo&gt;",
    "admin.usage.credit": "{adm_credit} &lt;usuario&gt; &lt;+n|-n&gt; &lt;motivo&gt; — p. ej. {adm_credit} @bob +20 reembolso de un destacado",
    "admin.usage.reports": "{adm_reports} — la cola de denuncias",
    "admin.usage.stats": "{adm_stats} [días] — analítica del piloto (30 días por defecto) con gráfico",
    "admin.usage.audit": "{adm_audit} &lt;order:ID|account:ID|@usuario&gt; — el historial de un pedido o de un usuario",
    "admin.usage.mod": "{adm_mod} add|remove &lt;usuario&gt; — solo propietarios",
    "admin.usage.refund_stars": "{adm_refund_stars} &lt;id del cargo&gt; [motivo] — devolver un pago en Telegram Stars mientras sus créditos sigan sin gastar (el id del cargo está en el {cmd_history} del usuario)",
    "admin.usage.cancel": "{adm_cancel} — descartar la resolución para la que se te pidió una nota",
    "admin.usage.help": "{adm_help} — esta lista",
    "admin.refused.chat": "⛔ Los comandos de administración solo funcionan en el canal de administración de los moderadores. Este intento quedó registrado.",
    "admin.refused.role": "⛔ Solo los moderadores pueden usar los comandos de administración. Este intento quedó registrado.",
    "admin.refused.banned": "⛔ Tu cuenta está bloqueada; se rechazan los comandos de administración. Quedó registrado.",
    "admin.unknown": "Comando de administración desconocido: /{name}. Envía {adm_help} para ver la lista.",
    "admin.help": "🛡 <b>Comandos de administración</b>\n{lines}",
    "admin.button_invalid": "Este botón ya no es válido.",
    "admin.nothing": "No hay nada que cancelar.",
    "admin.cancelled": "Cancelado; no se dictó ninguna resolución.",
    "admin.disputes_none": "✅ No hay casos abiertos.",
    "admin.disputes_title": "⚖️ <b>Casos abiertos</b> ({count})",
    "admin.claimed": "👮 El caso {id} es tuyo, {who}. Resuélvelo con los botones o con {adm_rule}.",
    "admin.resolved_already": "⚠️ El caso {id} ya está resuelto.",
    "admin.claimed_by_other": "⚠️ El caso {id} ya está asignado a #{moderator}.",
    "admin.prompt_note": "✍️ Caso {id} → <b>{ruling}</b>. Responde a este mensaje con la nota que leerán ambas partes (o {adm_cancel}).",
    "admin.prompt_split": "✍️ Caso {id} → <b>split</b>. Responde a este mensaje con el porcentaje que se reembolsa al comprador (el resto va al vendedor) y la nota que leerán ambas partes, p. ej. <code>30 Faltaba la mitad de las filas</code> (o {adm_cancel}).",
    "admin.prompt_verify_no": "✍️ Rechazo de la verificación de {who}. Responde a este mensaje con el motivo que leerá (o {adm_cancel}).",
    "admin.ruled": "⚖️ Caso {id} resuelto: <b>{ruling}</b>. Ambas partes recibieron la nota.",
    "admin.split_ruling": "{ruling}: {pct}% reembolsado al comprador",
    "admin.split_range": "⚠️ La parte que se reembolsa al comprador debe ser un número entero del 1 al 99 (para 100 usa refund; para 0, release).",
    "admin.override": "{icon} Pedido #{order}: {done}. {payment}",
    "admin.override.hold": "en espera",
    "admin.override.unhold": "retirado de espera",
    "admin.override.release": "pago liberado",
    "admin.override.reverse": "de vuelta a entregado (aprobación revertida)",
    "admin.refunded": "↩️ Pedido #{order}: {amount} vuelve al comprador; si el pago al vendedor ya se envió, se revierte primero. Se avisa a ambas partes.",
    "admin.override_escrow": "El adaptador de depósito en garantía ejecutó la parte del pago.",
    "admin.override_state_only": "⚠️ No se tocó el pago: {why}.",
    "admin.banned": "🚫 Cuenta {who} bloqueada; sus publicaciones quedan ocultas y se le explicó el motivo.{orders}",
    "admin.banned_orders": "\nPedidos abiertos que revisar: {orders}",
    "admin.unbanned": "✅ Cuenta {who} desbloqueada; las publicaciones ocultadas por el bloqueo vuelven a verse.",
    "admin.warned": "⚠️ {who} recibió una advertencia; queda en su historial.",
    "admin.hidden": "🙈 {listing} está oculta; se le explicó el motivo a su propietario.",
    "admin.unhidden": "👁 {listing} vuelve a estar visible.",
    "admin.verifications_none": "No hay solicitudes de verificación pendientes.",
    "admin.verifications_title": "🪪 <b>Solicitudes de verificación</b> ({count})",
    "admin.verification_line": "• {who} · {kind} · confianza {trust} · se unió {joined}",
    "admin.verified": "✅ Cuenta {who} verificada.",
    "admin.declined": "❌ Se rechazó la verificación de {who}; se le explicó el motivo.",
    "admin.credited": "💳 {who}: {delta} créditos ({reason}). Saldo actual: {balance}.",
    "admin.reports_none": "✅ La cola de denuncias está vacía.",
    "admin.reports_title": "🚩 <b>Denuncias</b> ({count})",
    "admin.report_line": "• #{id} {subject} de #{actor} {at}: {note}",
    "admin.report_closed": "Denuncia {id} cerrada.",
    "admin.mod_added": "🛡 {who} ahora es moderador.",
    "admin.mod_removed": "{who} ya no es moderador.",
    "admin.audit_title": "📜 <b>Historial de {subject}</b>",
    "admin.audit_empty": "No hay nada registrado.",
    "admin.audit_event": "• {at} {action} → {status} por #{actor} [{role}]{note}",
    "admin.audit_entry": "• {at} {action} sobre {subject} por #{actor}{note}{data}",
    "admin.stars_refunded": "⭐ Pago en Stars <code>{charge}</code> reembolsado: {stars} Stars devueltas a la cuenta #{account}, {credits} créditos descontados.",
    "admin.stars_no_refunder": "Los reembolsos de Stars necesitan el bot de Telegram, que aquí no está en marcha.",
    "admin.contact_flagged": "🚩 Posible contacto fuera de la plataforma ({kinds}) de #{account} en {subject}:\n{excerpt}\n{adm_audit} account:{account}",
    "admin.moderators_wanted": "¿Moderadores?",
    "admin.btn.claim": "👮 Asignarme",
    "admin.btn.release": "✅ Liberar",
    "admin.btn.refund": "↩️ Reembolsar",
    "admin.btn.split": "➗ Repartir",
    "admin.btn.resume": "🔁 Reanudar",
    "admin.btn.case": "Caso {id}",
    "admin.btn.approve": "✅ #{id}",
    "admin.btn.decline": "❌ #{id}",
    "admin.btn.close_report": "Cerrar #{id}",
    "admin.card.system": "sistema",
    "admin.card.minutes_ago": "hace {n} min",
    "admin.card.hours_ago": "hace {n} h",
    "admin.card.days_ago": "hace {n} d",
    "admin.card.agent": "🤖 agente",
    "admin.card.verified": "verificado ✓",
    "admin.card.banned": "⛔ bloqueado",
    "admin.card.moderator": "🛡 moderador",
    "admin.card.rating": "★{average} ({count})",
    "admin.card.no_ratings": "sin valoraciones",
    "admin.card.buyer": "Comprador",
    "admin.card.seller": "Vendedor",
    "admin.card.party": "{label} {who} · confianza {trust} · {rating} · pedidos: {orders}, {completed}/{finished} completados como vendedor, {disputed} en disputa · se unió {joined}",
    "admin.card.event": "• {at} {action} → {status} por {actor} [{role}]{note}",
    "admin.card.message": "• {at} {icon} {name}: {text}{file}{redacted}",
    "admin.card.redacted": " 🔒oculto",
    "admin.card.automated": "(automatizado: {how}{reviewed})",
    "admin.card.reviewed_by": ", revisado por #{id}",
    "admin.card.undeclared": "(procedencia no declarada{reviewed})",
    "admin.card.open": "🟡 abierto, sin asignar",
    "admin.card.claimed": "🟠 asignado a {who}",
    "admin.card.resolved": "✅ resuelto: {ruling}",
    "admin.card.title": "Caso {id}",
    "admin.card.header": "⚖️ {title} · pedido #{order} “{subject}” · {status}",
    "admin.card.opened": "Abierto {ago} por {who} ({role}): {reason}",
    "admin.card.role.buyer": "comprador",
    "admin.card.role.seller": "vendedor",
    "admin.card.terms": "{price} · {mode} · ahora {status} · {used}/{included} revisiones · vence {due}",
    "admin.card.supervised": "Vendedor supervisado por {who}",
    "admin.card.shared": "Otros pedidos entre ambos: {orders}",
    "admin.card.ruling_note": "Nota de la resolución: {note}",
    "admin.card.timeline": "Cronología",
    "admin.card.earlier": "… {count} anteriores",
    "admin.card.deliveries": "Entregas",
    "admin.card.messages": "Mensajes",
    "admin.card.none": "• no hay",
    "admin.card.moderator_log": "Registro de moderación",
    "admin.card.moderator_entry": "• {at} {action} por #{actor}{note}",
    "admin.card.unclaimed": "⏰ Sigue sin asignar. {mention}",
    "admin.card.line": "• {title} · pedido #{order} “{subject}” · {price} · {state} · abierto {ago}",
    "admin.card.line_unclaimed": "sin asignar",
    "admin.card.line_claimed": "asignado a #{moderator}",
    "admin.stats.title": "📊 Piloto, últimos {days} días ({since} – {until} UTC)",
    "admin.stats.requests": "Solicitudes publicadas: {requests} ({categories})",
    "admin.stats.none": "ninguna",
    "admin.stats.offers": "Ofertas publicadas: {offers}",
    "admin.stats.proposals": "Propuestas: {proposals} · por solicitud {per_request} · solicitudes con alguna: {answered} · mediana hasta la primera: {median}",
    "admin.stats.request_conversion": "Solicitudes → pedidos: {converted}/{requests} ({rate})",
    "admin.stats.offer_conversion": "Ofertas → pedidos: {converted}/{offers} ({rate})",
    "admin.stats.orders": "Pedidos: {orders} ({from_requests} de solicitudes, {from_offers} de ofertas)",
    "admin.stats.completion": "Completados: {completed}/{finished} terminados ({rate})",
    "admin.stats.disputes": "Disputas: {disputed}/{orders} ({rate})",
    "admin.stats.repeat": "Recontrataciones: {repeat}/{orders} ({rate})",
    "admin.stats.minutes": "{n} min",
    "admin.stats.hours": "{n} h",
    "admin.stats.days": "{n} d",
    # -- i18n and escrow round: units, nouns, fields, Discord names, error texts ---------------
    "unit.days": {
        "one": "{count} día",
        "many": "{count} días",
        "other": "{count} días",
    },
    "unit.revisions": {
        "one": "{count} revisión",
        "many": "{count} revisiones",
        "other": "{count} revisiones",
    },
    "unit.credits": {
        "one": "{count} crédito",
        "many": "{count} créditos",
        "other": "{count} créditos",
    },
    "settings.language": "🌐 Idioma: <b>{language}</b> ({choice})",
    "settings.language_chosen": "elegido por ti",
    "settings.language_auto": "el idioma de tu app; {cmd_settings} language auto lo sigue",
    "noun.account": "Cuenta",
    "noun.agent": "Agente",
    "noun.api_key": "Clave de API",
    "noun.application": "Postulación",
    "noun.deposit": "Depósito",
    "noun.delivery": "Entrega",
    "noun.dispute": "Disputa",
    "noun.file": "Archivo",
    "noun.identity": "Identidad vinculada",
    "noun.job": "Trabajo",
    "noun.message": "Mensaje",
    "noun.offer": "Oferta",
    "noun.export": "Exportación de datos",
    "noun.order": "Pedido",
    "noun.proposal": "Propuesta",
    "noun.request": "Solicitud",
    "noun.stars_payment": "Pago con Stars",
    "noun.webhook": "Webhook",
    "front.cmd.offer": "Ofertas: publica una, explora, gestiona las tuyas",
    "front.cmd.request": "Solicitudes de trabajo: publica una, explora, gestiona las tuyas",
    "front.cmd.order": "Tus pedidos: ver, escribir, entregar, aprobar, reseñar",
    "front.cmd.inbox": "Avisos que no te llegaron por mensaje directo",
    "front.cmd.offer_list": "Explora ofertas por categoría y palabras",
    "front.cmd.request_list": "Explora solicitudes por categoría y palabras",
    "front.cmd.order_view": "La ficha y el historial de un pedido",
    "front.cmd.order_msg": "Escribe a la otra parte de un pedido (texto y/o un archivo)",
    "front.cmd.order_deliver": "Entrega el trabajo: un archivo, un enlace o una nota",
    "front.cmd.order_cancel": "Cancela un pedido (o pide a la otra parte que acepte)",
    "front.cmd.link": "Vincula Telegram y Discord: muestra un código, introduce uno o desvincula",
    "front.cmd.settings": "Dónde llegan los avisos: Telegram o Discord",
    "front.cmd.profile": "Un perfil y su nivel de confianza (el tuyo, o @usuario / #id)",
    "front.cmd.agents": "Los agentes que supervisas; nombra uno para crearlo",
    "front.cmd.report": "Reporta una publicación, un usuario o un mensaje",
    "front.cmd.bid": "Envía una propuesta a una solicitud",
    "front.cmd.proposals": "Las propuestas a tu solicitud",
    "front.cmd.review": "Reseña un pedido completado (nota 1–5 y un texto)",
    "front.file_too_large": "📎 {name} pesa más de los {limit} MB que Discord me deja subir: descárgalo por la API (el archivo del pedido, con una clave de API) o abre el pedido en Telegram.",
    "discord.name.agents": "agentes",
    "discord.name.apikey": "claveapi",
    "discord.name.approve": "aprobar",
    "discord.name.balance": "saldo",
    "discord.name.bid": "proponer",
    "discord.name.cancel": "cancelar",
    "discord.name.deliver": "entregar",
    "discord.name.dispute": "disputa",
    "discord.name.help": "ayuda",
    "discord.name.history": "historial",
    "discord.name.inbox": "bandeja",
    "discord.name.link": "vincular",
    "discord.name.list": "lista",
    "discord.name.menu": "menú",
    "discord.name.mine": "mías",
    "discord.name.msg": "mensaje",
    "discord.name.new": "nueva",
    "discord.name.offer": "oferta",
    "discord.name.order": "pedido",
    "discord.name.payouts": "cobros",
    "discord.name.pay": "pagar",
    "discord.name.wallet": "monedero",
    "discord.name.profile": "perfil",
    "discord.name.proposals": "propuestas",
    "discord.name.report": "reportar",
    "discord.name.request": "solicitud",
    "discord.name.review": "reseña",
    "discord.name.revise": "revisión",
    "discord.name.settings": "ajustes",
    "discord.name.topup": "recargar",
    "discord.name.username": "usuario",
    "discord.name.verify": "verificar",
    "discord.name.view": "ver",
    "field.agents": "agentes",
    "field.amount": "importe",
    "field.bot_pct": "parte automatizada",
    "field.budget": "presupuesto",
    "field.budget_max": "presupuesto máximo",
    "field.budget_min": "presupuesto mínimo",
    "field.category": "categoría",
    "field.charge_id": "id del cargo",
    "field.code": "código",
    "field.days": "días",
    "field.deadline": "fecha límite",
    "field.delivery": "entrega",
    "field.delivery_days": "plazo de entrega en días",
    "field.description": "descripción",
    "field.display_name": "nombre visible",
    "field.email": "correo electrónico",
    "field.events": "eventos",
    "field.inputs": "datos de entrada",
    "field.language": "idioma",
    "field.limit": "límite",
    "field.message": "mensaje",
    "field.note": "nota",
    "field.output_format": "formato de salida",
    "field.payment_mode": "modo de pago",
    "field.platform": "plataforma",
    "field.price": "precio",
    "field.proofers": "revisores",
    "field.rating": "valoración",
    "field.reason": "motivo",
    "field.subject": "asunto",
    "field.text": "texto",
    "field.timeline_days": "plazo en días",
    "field.title": "título",
    "field.token": "token",
    "field.url": "URL",
    "field.username": "nombre de usuario",
    "error.account.already_banned": "{handle} ya está bloqueado.",
    "error.account.email_taken": "Ya existe una cuenta con ese correo; usa su clave de API o renuévala con POST /api/agent/api-key.",
    "error.account.humans_supervise": "Solo una cuenta humana puede supervisar agentes.",
    "error.account.language_invalid": "{language} no es un código de idioma.",
    "error.account.not_banned": "{handle} no está bloqueado.",
    "error.account.self_ban": "No puedes bloquearte a ti mismo.",
    "error.account.too_many_agents": "Ya supervisas {limit} agentes; revoca uno primero.",
    "error.account.username_taken": "@{name} ya está en uso; elige otro.",
    "error.account.name_ambiguous": "@{name} es el nombre de personas distintas en {platforms}; usa su @usuario de BotGig o su #id.",
    "error.audit.subject": "Indica qué auditar como order:ID o account:ID.",
    "error.auth.scope": "A esta clave le falta el permiso '{scope}'; renuévala con POST /api/agent/api-key para obtener una clave de lectura y escritura.",
    "error.credits.adjustment_invalid": "El ajuste debe ser un número entero distinto de cero, como +10 o -5.",
    "error.deposit.not_held": "El depósito {deposit_id} está en estado {status}, no retenido.",
    "error.email.already_verified": "Tu correo ya está verificado.",
    "error.email.missing": "Esta cuenta no tiene correo que verificar.",
    "error.email.token_invalid": "Ese token de verificación es desconocido o caducó; pide un correo nuevo.",
    "error.email.token_used": "Ese token de verificación ya se usó: cada token sirve una sola vez. Si tu correo aún no está verificado, pide un correo nuevo.",
    "error.job.not_awarded": "El trabajo {job_id} aún no tiene pedido: quien lo publicó no ha aceptado ninguna postulación.",
    "error.link.both_active": "Las dos cuentas ya tienen actividad ({issuer_platform}: {issuer_activity}; {redeemer_platform}: {redeemer_activity}), así que no se pueden fusionar: los pedidos, las reseñas y los créditos se quedan en su cuenta. Sigue usándolas por separado, o vincula una cuenta nueva a la que usas.",
    "error.link.code_expired": "Ese código caducó (los códigos duran {minutes} minutos). Vuelve a usar {cmd_link} en {platform} para obtener otro.",
    "error.link.code_malformed": "Eso no es un código de vinculación: un código tiene 8 letras y cifras, como ABCD-EF23.",
    "error.link.code_unknown": "Ese código no es válido. Revísalo, o vuelve a usar {cmd_link} donde lo obtuviste.",
    "error.link.code_used": "Ese código ya se usó; cada código sirve una sola vez. Vuelve a usar {cmd_link} para obtener otro.",
    "error.link.last_identity": "{platform} es la única forma de entrar en esta cuenta; no se puede desvincular.",
    "error.link.not_linked": "Esta cuenta no está vinculada a {platform}; vincúlala primero con {cmd_link}.",
    "error.link.own_code": "Ese es tu propio código: introdúcelo en la otra plataforma, con la cuenta que quieres vincular.",
    "error.link.platform_taken": "Las dos cuentas ya tienen una identidad de {platforms}. Desvincúlala primero de una de ellas ({cmd_link} remove &lt;platform&gt;).",
    "error.link.platform_unknown": "Indica una plataforma: {platforms}.",
    "error.link.same_platform": "Ese código se creó en {platform}; introdúcelo en la otra plataforma.",
    "error.listing.budget_range": "El presupuesto mínimo supera al máximo.",
    "error.listing.price_range": "El precio mínimo supera al máximo.",
    "error.moderator.already": "{handle} ya es moderador.",
    "error.moderator.banned": "{handle} está bloqueado.",
    "error.moderator.not_moderator": "{handle} no es moderador.",
    "error.moderator.owner": "{handle} es propietario; quítalo de BOTGIG_OWNERS en su lugar.",
    "error.moderator.owners_only": "Solo los propietarios indicados en BOTGIG_OWNERS pueden cambiar los moderadores.",
    "error.offer.already_hidden": "La oferta {offer_id} ya está oculta.",
    "error.offer.expired": "La oferta {offer_id} caducó. Renuévala primero con {cmd_myoffers}.",
    "error.offer.not_boostable": "Solo se puede destacar una oferta activa; la oferta {offer_id} está: {offer_status}.",
    "error.offer.not_hidden": "La oferta {offer_id} no está oculta.",
    "error.offer.not_renewable": "La oferta {offer_id} está: {offer_status}, y no se puede renovar.",
    "error.offer.not_yours": "La oferta {offer_id} no es tuya.",
    "error.offer.status": "La oferta {offer_id} está: {offer_status}.",
    "error.permission.moderators_only": "Solo los moderadores pueden hacer eso.",
    "error.permission.not_a_party": "No eres parte del pedido {order_id}.",
    "error.proposal.buyer_accepts": "Solo el comprador de la solicitud puede aceptar sus propuestas.",
    "error.proposal.buyer_rejects": "Solo el comprador de la solicitud puede rechazar sus propuestas.",
    "error.proposal.duplicate": "Ya tienes una propuesta pendiente (#{proposal_id}) en esta solicitud; retírala primero para enviar otra.",
    "error.proposal.not_yours": "La propuesta {proposal_id} no es tuya.",
    "error.proposal.own_request": "No puedes enviar propuestas a tu propia solicitud.",
    "error.proposal.seller_banned": "Ese vendedor no puede aceptar pedidos ahora mismo.",
    "error.proposal.status": "La propuesta {proposal_id} está: {proposal_status}.",
    "error.rate_limited.listings": "Puedes enviar como máximo {count} publicaciones por hora, para mantener BotGig libre de spam. Vuelve a intentarlo en {minutes} min.",
    "error.rate_limited.messages": "Puedes enviar como máximo {count} mensajes por minuto, para mantener BotGig libre de spam. Vuelve a intentarlo en {seconds} s.",
    "error.rate_limited.proposals": "Puedes enviar como máximo {count} propuestas por hora, para mantener BotGig libre de spam. Vuelve a intentarlo en {minutes} min.",
    "error.report.not_open": "El reporte {report_id} no está en la cola (ya se cerró, o no existe).",
    "error.report.subject": "Indica qué reportas como tipo:id, por ejemplo offer:12, request:7, order:5 o account:3.",
    "error.request.already_hidden": "La solicitud {request_id} ya está oculta.",
    "error.request.budget_order": "El presupuesto mínimo ({minimum}) supera al máximo ({maximum}); intercámbialos o amplía el rango.",
    "error.request.closed_to_bids": "La solicitud {request_id} está: {request_status}, y ya no admite propuestas.",
    "error.request.not_hidden": "La solicitud {request_id} no está oculta.",
    "error.request.not_yours": "La solicitud {request_id} no es tuya.",
    "error.request.status": "La solicitud {request_id} está: {request_status}.",
    "error.review.duplicate": "Ya reseñaste este pedido.",
    "error.review.not_completed": "El pedido {order_id} está en estado {status}; las reseñas se abren cuando se completa.",
    "error.review.parties_only": "Solo el comprador y el vendedor del pedido {order_id} pueden reseñarlo.",
    "error.stars.account_banned": "Tu cuenta está bloqueada: aún puedes consultar tus datos, pero no actuar. Contacta con los moderadores si crees que es un error.",
    "error.stars.already_refunded": "El pago con Stars {charge_id} ya se reembolsó.",
    "error.stars.charge_id": "Id de cargo de pago de Telegram no válido.",
    "error.stars.credits_just_spent": "No se puede reembolsar el pago con Stars {charge_id}: sus créditos se acaban de gastar.",
    "error.stars.credits_spent": "No se puede reembolsar el pago con Stars {charge_id}: sus {credits} créditos están gastados en parte (a la cuenta #{account_id} le quedan {balance} créditos). Resuélvelo de otra forma.",
    "error.stars.currency": "Esta factura debe pagarse con Telegram Stars.",
    "error.stars.invoice_invalid": "Esta factura no es válida. Envía {cmd_topup} para obtener una nueva.",
    "error.stars.no_account": "La cuenta de esta factura no existe.",
    "error.stars.other_account": "Esta factura recarga otra cuenta. Envía {cmd_topup} para obtener la tuya.",
    "error.stars.pack_gone": "Este paquete ya no se ofrece a este precio. Envía {cmd_topup} para ver los paquetes actuales.",
    "error.stars.payment_mismatch": "Este pago no corresponde a ninguna factura de BotGig; los moderadores lo revisarán.",
    "error.stars.price_mismatch": "El precio no coincide con el del paquete ({stars} Stars). Envía {cmd_topup} para obtener una factura nueva.",
    "error.stars.unknown_pack": "Ese paquete ya no se ofrece; envía {cmd_topup} para ver los paquetes actuales.",
    "error.validation.amount": "Un importe debe ser un número entero positivo.",
    "error.validation.cents_not_whole": "El campo «{label}» debe ser un número entero de céntimos.",
    "error.validation.email": "Eso no es una dirección de correo (nombre@example.com).",
    "error.validation.needs_timezone": "El campo «{label}» necesita una zona horaria (UTC).",
    "error.validation.not_future": "El campo «{label}» debe estar en el futuro.",
    "error.validation.not_positive": "El campo «{label}» debe ser mayor que 0.",
    "error.validation.not_url": "El campo «{label}» debe ser una URL http(s), como https://example.com/report.csv.",
    "error.validation.not_whole": "El campo «{label}» debe ser un número entero.",
    "error.validation.out_of_range": "El campo «{label}» debe estar entre {minimum} y {maximum} (se recibió {value}).",
    "error.validation.price_too_high": "El campo «{label}» puede ser como máximo {maximum} (se recibió {value}).",
    "error.validation.text_long": "El campo «{label}» admite como máximo {maximum} caracteres (tiene {length}).",
    "error.validation.text_line_break": "El campo «{label}» debe ser una sola línea: quita el salto de línea ({char}) de la posición {position}.",
    "error.validation.text_control": "El campo «{label}» contiene un carácter de control ({char}) en la posición {position}; quítalo y envía el texto de nuevo.",
    "error.validation.text_bidi": "El campo «{label}» contiene un carácter que invierte la dirección del texto ({char}) en la posición {position} y puede hacer que se lea en un orden engañoso; quítalo y envía el texto de nuevo.",
    "error.validation.text_invisible": "El campo «{label}» contiene un carácter invisible ({char}) en la posición {position}; quítalo y envía el texto de nuevo.",
    "error.validation.name_invisible": "El campo «{label}» contiene un carácter invisible ({char}) en la posición {position}. Los nombres no pueden llevar caracteres invisibles ni emojis formados uniendo varios; quítalo.",
    "error.validation.text_required": "El campo «{label}» es obligatorio.",
    "error.validation.text_short": "El campo «{label}» necesita al menos {minimum} caracteres (tiene {length}).",
    "error.validation.unknown_category": "Categoría desconocida '{slug}'. Elige una de: {allowed}.",
    "error.validation.username": "Un nombre de usuario tiene de 3 a 32 caracteres: primero una letra, luego letras, cifras o _ (por ejemplo alice_ops).",
    "error.verification.already": "Tu cuenta ya está verificada.",
    "error.verification.not_pending": "{handle} no tiene ninguna solicitud de verificación pendiente.",
    "error.verification.pending": "Tu solicitud de verificación está esperando a un moderador.",
    "error.webhook.port_invalid": "La URL del webhook tiene un puerto no válido.",
    "error.webhook.too_many": "Una cuenta puede tener como máximo {limit} webhooks; elimina uno.",
    "error.webhook.unknown_event": "Tipos de evento desconocidos: {unknown}. Elige entre: {known} (o deja la lista vacía para todos).",
    "error.webhook.url_invalid": "La URL del webhook debe ser una URL http(s), como https://example.com/hooks/botgig.",
    "error.webhook.url_private": "La URL del webhook apunta a una dirección privada, de loopback o link-local; usa una URL pública.",
    "error.webhook.url_unresolvable": "El host {host} de la URL del webhook no se resuelve.",
    "error.marketplace.error": "Algo de la solicitud no está permitido.",
    "error.validation.failed": "Los datos no son válidos.",
    "error.permission_denied": "No tienes permiso para hacer eso.",
    "error.account.banned": "Tu cuenta está bloqueada: aún puedes consultar tus datos, pero no actuar. Contacta con los moderadores si crees que es un error.",
    "error.account.unverified": "Verifica primero tu correo: abre el enlace que te enviamos y vuelve a intentarlo.",
    "error.conflict": "Eso choca con el estado actual; recarga y vuelve a intentarlo.",
    "error.conflict.concurrent_update": "Alguien cambió esto en el mismo momento; vuelve a intentarlo.",
    "error.credits.api_access_unpaid": "El acceso a la API venció y tu saldo de créditos no alcanza para renovarlo. Recarga créditos ({cmd_topup} en el chat o GET /api/me/credits/deposit-address) y vuelve a intentarlo.",
    "error.credits.crypto_unavailable": "Las recargas con cripto no están configuradas en este BotGig. Pregunta a los operadores o usa otra forma de recargar.",
    "error.payment.card_declined": "El procesador de pagos rechazó el pago del pedido {order_id}: {reason} Prueba con otra tarjeta (paga de nuevo para obtener un enlace nuevo) o cancela el pedido.",
    "error.payment.checkout_refused": "El procesador de pagos rechazó crear un enlace de pago para el pedido {order_id}: {reason} El pedido sigue sin fondos; cancélalo o vuelve a pagar cuando esté resuelto.",
    "error.payment.checkout_unavailable": "El procesador de pagos no pudo crear ahora un enlace de pago para el pedido {order_id}; inténtalo de nuevo en un minuto (paga de nuevo) o cancela el pedido.",
    "error.payment.amount_below_minimum": "El depósito en garantía necesita al menos {minimum}; este pedido cuesta {amount}. Sube el precio o paga fuera de la plataforma.",
    "error.payment.email_unverified": "Verifica primero tu correo (POST /api/auth/verify-email con el token que te enviamos) y vuelve a configurar los cobros: solo se paga a cuentas verificadas.",
    "error.payment.gateway_error": "El procesador de pagos no aceptó la solicitud.",
    "error.credits.stars_unavailable": "Este BotGig no ofrece recargas con Telegram Stars.",
    "error.auth.missing_key": "Este endpoint necesita una clave de API. Envía tu clave en la cabecera X-API-Key (o Authorization: Bearer &lt;key&gt;); obtén una con POST /api/auth/register.",
    "error.auth.invalid_key": "Esa clave de API no es válida (desconocida o revocada). Envía tu clave en la cabecera X-API-Key (o Authorization: Bearer &lt;key&gt;); obtén una con POST /api/auth/register.",
    "error.payment.escrow_unavailable": "El depósito en garantía no está disponible en este BotGig: no hay procesador de pagos configurado. Los pedidos se pagan fuera de la plataforma.",
    "error.payment.invalid_signature": "La firma del procesador de pagos no es válida.",
    "error.payment.buyer_only": "Solo el comprador del pedido {order_id} puede pagarlo.",
    "error.order.not_escrow": "El pedido {order_id} no es un pedido con depósito en garantía.",
    "error.order.not_awaiting_funding": "El pedido {order_id} está en estado {status}; ahora no se puede pagar.",
    "error.payment.wallet_insufficient": "Tu monedero tiene {balance} {currency}; el pedido necesita {needed}. Deposita dinero o paga con tarjeta.",
    "error.order.not_released": "El pedido {order_id} no es un pedido con depósito en garantía completado.",
    "error.order.nothing_released": "No se liberó nada del pedido {order_id}.",
    "error.order.refunded": "El pedido {order_id} ya se reembolsó.",
    "error.payment.chargeback_open": "El pedido {order_id} tiene un contracargo abierto en el banco: su dinero se queda donde lo dejó el contracargo hasta que el banco decida. Inténtalo de nuevo cuando se cierre.",
    "error.payment.chargeback_lost": "El banco del titular de la tarjeta ya devolvió el pago del pedido {order_id} (un contracargo perdido): un reembolso pagaría dos veces al comprador. Lo que retuvo el banco está en el historial del pedido y en el canal de administración.",
    "error.payment.own_order": "Eres parte del pedido {order_id}; debe actuar otro moderador.",
    "error.payment.in_flight": "El pago al vendedor del pedido {order_id} se está enviando ahora mismo; vuelve a intentarlo en un minuto.",
    "error.payment.changed": "El pago al vendedor del pedido {order_id} cambió mientras tanto; vuelve a intentarlo.",
    "error.payment.payout_account_not_ready": "La cuenta de cobro del vendedor aún no puede recibir pagos ({cmd_payouts}).",
    "error.payment.no_payout_to_reverse": "No consta el pago al vendedor del pedido {order_id} que hay que revertir.",
    "error.payment.no_card_payment": "No consta el pago con tarjeta del pedido {order_id}.",
    "error.payment.nothing_to_release": "El pedido {order_id} no tiene ningún pago pendiente de enviar al vendedor.",
    # -- errors: orders and disputes (core/orders/errors.py)
    "error.dispute.moderator_is_party": "Eres parte del pedido {order_id}; debe actuar otro moderador.",
    "error.dispute.parties_only": "Solo el comprador o el vendedor pueden abrir una disputa.",
    "error.dispute.taken": "El caso {id} ya lo tomó #{moderator}.",
    "error.dispute.claimed_by_other": "El caso {id} lo tiene asignado #{moderator}.",
    "error.dispute.resolved_already": "El caso {id} ya está resuelto.",
    "error.dispute.order_on_hold": "El pedido {order_id} está retenido; quita la retención antes de resolver.",
    "error.order.escrow_off": "El depósito en garantía aún no está disponible en este BotGig; haz el pedido con pago fuera de la plataforma.",
    "error.order.seller_cannot_receive": "{seller} aún no puede recibir pagos en garantía (no terminó de configurar los cobros); haz el pedido con pago fuera de la plataforma o pídele que complete {cmd_payouts}.",
    "error.order.own_offer": "No puedes pedir tu propia oferta.",
    "error.order.offer_not_orderable": "La oferta {offer_id} está: {offer_status}; ahora no se puede pedir.",
    "error.order.seller_unavailable": "Este vendedor no puede aceptar pedidos ahora mismo.",
    "error.order.delivery_note_long": "La nota de entrega puede tener como máximo {maximum} caracteres.",
    "error.order.delivery_empty": "Una entrega necesita un archivo, un enlace o una nota que describa el resultado.",
    "error.order.seller_delivers": "Solo el vendedor del pedido {order_id} puede entregarlo.",
    "error.order.parties_cancel": "Solo el comprador o el vendedor pueden cancelar un pedido.",
    "error.order.cancel_pending": "Ya pediste cancelar; esperando a la otra parte.",
    "error.order.message_empty": "Un mensaje necesita texto o un archivo.",
    "error.order.message_long": "Un mensaje puede tener como máximo {maximum} caracteres; envíalo por partes.",
    "error.order.parties_message": "Solo las partes del pedido {order_id} pueden escribir en él.",
    "error.order.messages_closed": "El pedido {order_id} está: {order_status}; los mensajes están cerrados.",
    # -- names from the code, in words (handlers.i18n.Translator.word) --------------------
    # order actions as the timeline and errors name them
    "order.action.approve": "aprobar",
    "order.action.auto_approve": "aprobación automática",
    "order.action.cancel": "cancelar",
    "order.action.cancel_unfunded": "cancelar sin pagar",
    "order.action.create": "crear",
    "order.action.deliver": "entregar",
    "order.action.finish_proofing": "terminar la verificación",
    "order.action.fund": "pagar",
    "order.action.funding_timeout": "plazo de pago vencido",
    "order.action.hold": "retener",
    "order.action.open_dispute": "abrir una disputa",
    "order.action.refund_after_release": "reembolsar tras la liberación",
    "order.action.release": "liberar el pago",
    "order.action.request_cancel": "pedir la cancelación",
    "order.action.request_revision": "pedir una revisión",
    "order.action.reverse_approval": "revertir la aprobación",
    "order.action.rule_refund": "resolver: reembolso",
    "order.action.rule_release": "resolver: pago al vendedor",
    "order.action.rule_resume": "resolver: reanudar el trabajo",
    "order.action.rule_split": "resolver: reparto",
    "order.action.seller_timeout": "plazo del vendedor vencido",
    "order.action.send_back": "devolver",
    "order.action.sign_off": "aprobar como supervisor",
    "order.action.start_proofing": "empezar la verificación",
    "order.action.submit_for_signoff": "enviar al supervisor",
    "order.action.unhold": "liberar la retención",
    "order.action.chargeback_lost": "cerrar tras un contracargo perdido",
    # dispute rulings
    "ruling.release": "pago al vendedor",
    "ruling.refund": "reembolso",
    "ruling.split": "reparto",
    "ruling.resume": "reanudar el trabajo",
    # kinds of secret removed from a text
    "secret.private_key": "clave privada",
    "secret.api_key": "clave de API",
    "secret.access_token": "token de acceso",
    "secret.access_key": "clave de acceso",
    "secret.bot_token": "token de bot",
    "secret.password": "contraseña",
    "secret.seed_phrase": "frase semilla",
    "secret.connection_string": "cadena de conexión",
    "secret.any": "un secreto",
    # what an account has done (linking)
    "link.activity.offers": "ofertas",
    "link.activity.requests": "solicitudes",
    "link.activity.proposals": "propuestas",
    "link.activity.orders": "pedidos",
    "link.activity.credit_history": "historial de créditos",
    "link.activity.agents": "agentes",
    "link.activity.api_keys": "claves de API",
    "link.activity.webhooks": "webhooks",
    "link.activity.a_deposit_address": "una dirección de depósito",
    "link.activity.roles": "roles",
    # states of a crypto deposit
    "deposit_status.seen": "detectado",
    "deposit_status.credited": "acreditado",
    "deposit_status.below_minimum": "por debajo del mínimo",
    "deposit_status.held": "retenido",
    "deposit_status.reorged": "anulado por una reorganización de la cadena",
    # kinds of account
    "account_kind.human": "persona",
    "account_kind.agent": "agente",
    # who acted on an order, besides its parties
    "role.payment": "pago",
    # -- independent proofers (core/proofing, handlers/render/proofing.py) --
    "noun.assignment": "Asignación",
    "timeline.proofing_unavailable": "no había ningún revisor disponible; se omitió la comprobación",
    "n.proof_assigned": "🔍 Te piden revisar el {order}: tu evaluación vence {due}.",
    "n.proof_consensus": "🔍 Consenso de los revisores sobre el {order}: {verdict} ({count} evaluación(es), calidad {quality}/5).",
    "proof.verdict.pass": "✅ aprobado",
    "proof.verdict.fail": "❌ suspendido",
    "proof.verdict.split": "⚖️ sin mayoría",
    "proof.verdict.none": "no llegó ninguna evaluación",
    "error.proofer.too_few_completed": "Los revisores necesitan {minimum} pedidos completados; tienes {completed}. Completa más pedidos y vuelve a apuntarte.",
    "error.proofer.rating_too_low": "Los revisores necesitan una valoración media de al menos {minimum}; la tuya es {rating}.",
    "error.proofer.account_too_new": "La cuenta de un revisor debe tener al menos {days} día(s); inténtalo de nuevo el {since}.",
    "error.proofer.email_unverified": "Verifica primero tu correo y vuelve a apuntarte como revisor.",
    "error.proofer.not_assigned": "La asignación {assignment_id} no es tuya: solo su revisor puede verla o evaluarla.",
    "error.proofer.already_submitted": "Ya enviaste la evaluación de la asignación {assignment_id}; no se puede cambiar.",
    "error.proofer.window_closed": "El plazo de la asignación {assignment_id} terminó el {due_at}; ya no se acepta la evaluación.",
    "error.proofer.order_not_proofing": "El pedido {order_id} está {status}, no en comprobación: ya no se acepta la evaluación.",
    "error.proofer.bad_verdict": "El veredicto debe ser pass o fail (enviaste {value}).",
    # -- proofers in chat (handlers/commands/proofs.py, the scorecard form) --
    "cmd.proofer": "Darte de alta o de baja como revisor independiente: {cmd_proofer} on|off",
    "cmd.proofs": "Tus encargos de revisión y sus evaluaciones",
    "usage.proofer": "Uso: {cmd_proofer} [on|off]\nEjemplo: <code>{cmd_proofer} on</code>",
    "usage.proofs": "Uso: {cmd_proofs} [id del encargo]\nEjemplo: <code>{cmd_proofs} 4</code>",
    "proofer.status.on": "🔍 Eres revisor: te pueden pedir que compruebes entregas de otras personas. {cmd_proofer} off detiene los encargos nuevos.",
    "proofer.status.off": "🔍 No eres revisor. Los revisores comprueban y puntúan entregas de otras personas; {cmd_proofer} on te da de alta si cumples los requisitos.",
    "proofer.agreement": {
        "one": "Revisor: {count} evaluación, acuerdo con el consenso {pct}%",
        "many": "Revisor: {count} evaluaciones, acuerdo con el consenso {pct}%",
        "other": "Revisor: {count} evaluaciones, acuerdo con el consenso {pct}%",
    },
    "proofer.agreement_none": {
        "one": "Revisor: {count} evaluación comparada con un consenso hasta ahora",
        "many": "Revisor: {count} evaluaciones comparadas con un consenso hasta ahora",
        "other": "Revisor: {count} evaluaciones comparadas con un consenso hasta ahora",
    },
    "proofer.enabled": "✅ Ya eres revisor. Los encargos nuevos llegan como mensaje; {cmd_proofs} los muestra.",
    "proofer.disabled": "Ya no eres revisor: no recibirás encargos nuevos. Los que tienes siguen siendo tuyos ({cmd_proofs}).",
    "btn.proofer_on": "🔍 Ser revisor",
    "btn.proofer_off": "⏸ Dejar de revisar",
    "btn.my_proofs": "🔍 Mis encargos",
    "btn.open_assignment": "🔍 #{id}",
    "btn.get_file_id": "📎 Archivo de la entrega #{id}",
    "btn.submit_scorecard": "📝 Enviar evaluación",
    "proofs.none": "No tienes encargos de revisión. {cmd_proofer} on te da de alta como revisor.",
    "proofs.header": {
        "one": "🔍 <b>Tu encargo de revisión</b> ({count})",
        "many": "🔍 <b>Tus encargos de revisión</b> ({count})",
        "other": "🔍 <b>Tus encargos de revisión</b> ({count})",
    },
    "proofs.line": "#{id} · pedido #{order} {title} · {status} · vence {due}",
    "proofs.closed": "El encargo #{id} ya no admite evaluación ({status}).",
    "proofs.card.title": "🔍 <b>Encargo #{id}</b> · pedido #{order}: {title}",
    "proofs.card.status": "Estado: {status}",
    "proofs.card.due": "⏰ Evaluación antes del {when} ({left})",
    "proofs.card.requirements": "Lo que se pidió",
    "proofs.card.deliveries": {
        "one": "Entrega ({count})",
        "many": "Entregas ({count})",
        "other": "Entregas ({count})",
    },
    "proofs.card.yours": "Tu evaluación",
    "proof_status.assigned": "esperando tu evaluación",
    "proof_status.submitted": "evaluación enviada",
    "proof_status.expired": "caducado (terminó el plazo)",
    "proof_status.cancelled": "cancelado (la revisión terminó)",
    "proof.heading": "🔍 Revisión independiente",
    "proof.progress": "{done} de {wanted} evaluación(es) recibidas; la revisión termina {when}",
    "proof.consensus": {
        "one": "Consenso: {verdict} · {scores} ({count} evaluación)",
        "many": "Consenso: {verdict} · {scores} ({count} evaluaciones)",
        "other": "Consenso: {verdict} · {scores} ({count} evaluaciones)",
    },
    "proof.scores": "completitud {completeness} · exactitud {accuracy} · metodología {methodology} · calidad {quality}",
    "proof.card_line": "• {who}: {verdict} · {scores} — {evidence}",
    "proof.card_missing": "• {who}: {status}",
    "proof.anonymous": "Revisor {n}",
    "form.offer.proofers.prompt": "¿Cuántos revisores independientes deben comprobar cada entrega (0–3)? Omite para ninguno.",
    "form.offer.proofers.label": "Revisores",
    "form.scorecard.title": "📝 Evaluación",
    "form.scorecard.completeness.prompt": "<b>Completitud</b>: ¿cubre la entrega todo lo que se pidió? De 1 (poco) a 5 (todo).",
    "form.scorecard.completeness.label": "Completitud",
    "form.scorecard.accuracy.prompt": "<b>Exactitud</b>: ¿es correcta? De 1 (muchos errores) a 5 (ninguno).",
    "form.scorecard.accuracy.label": "Exactitud",
    "form.scorecard.methodology.prompt": "<b>Metodología</b>: ¿se hizo de forma sólida y repetible? De 1 a 5.",
    "form.scorecard.methodology.label": "Metodología",
    "form.scorecard.quality.prompt": "<b>Calidad</b>: en conjunto, ¿qué tan bueno es el trabajo? De 1 a 5.",
    "form.scorecard.quality.label": "Calidad",
    "form.scorecard.verdict.prompt": "Tu veredicto: ¿la entrega aprueba?",
    "form.scorecard.verdict.label": "Veredicto",
    "form.scorecard.evidence.prompt": "Tus pruebas: qué comprobaste y qué encontraste (las partes lo leen, sin tu nombre).",
    "form.scorecard.evidence.label": "Pruebas",
    "form.scorecard.evidence_file.prompt": "¿Un archivo que respalde tus pruebas (una captura, un diff)? Envíalo u omite.",
    "form.scorecard.evidence_file.label": "Archivo de pruebas",
    "form.scorecard.file_only": "Aquí envía un archivo (u omite); escribe tus hallazgos en el texto de pruebas.",
    "form.scorecard.cost": "💳 Cuesta <b>{cost} créditos</b>.",
    "form.scorecard.confirm": "✅ Enviar evaluación",
    "form.scorecard.done": "✅ Evaluación del encargo #{id} enviada; ya no se puede cambiar. ¡Gracias!",
    "escrow.proofing_fee_line": "🔍 Incluye {fee} para los revisores independientes; lo que no ganen se te reembolsa.",
    "discord.name.proofer": "revisor",
    "discord.name.proofs": "revisiones",
    # -- closing an account (handlers.commands.closing, core.accounts.closing)
    'profile.deleted': '🗑 Esta cuenta se cerró; sus pedidos y reseñas se conservan.',
    'cmd.deleteaccount': 'Cerrar tu cuenta para siempre',
    'discord.name.deleteaccount': 'borrarcuenta',
    'deleteaccount.private_only': '🔒 Cierra tu cuenta en un chat privado con el bot, no aquí.',
    'deleteaccount.blocked': '⛔ <b>Tu cuenta aún no se puede cerrar.</b> Resuelve esto primero y vuelve a enviar {cmd_deleteaccount}:',
    'deleteaccount.confirm': '⚠️ <b>¿Cerrar la cuenta #{id}?</b> No se puede deshacer.\n• Se retiran tus anuncios ({listings}) y tus propuestas pendientes ({proposals}).\n• Pierdes tus créditos ({credits}): los créditos nunca se pagan ni se transfieren a nadie.\n• Se desvinculan {platforms}: si vuelves a escribir al bot, empiezas con una cuenta nueva.\n• Se borran tu nombre, tu @usuario, tu correo, tus claves de API y tus webhooks.',
    'deleteaccount.agents': '• Los agentes que supervisas se cierran con ella: {agents}.',
    'deleteaccount.stays': 'Los pedidos se conservan para la otra parte, y tus reseñas también, mostradas como de "una cuenta eliminada".',
    'btn.deleteaccount_yes': '🗑 Cerrar mi cuenta',
    'btn.deleteaccount_no': 'Conservarla',
    'deleteaccount.not_yours': 'Solo la cuenta a la que se mostró esta confirmación puede pulsarla.',
    'deleteaccount.done': '✅ La cuenta #{id} está cerrada; se perdieron {credits} créditos. Adiós: si vuelves a escribir, empiezas con una cuenta nueva.',
    'deleteaccount.kept': '👍 Tu cuenta sigue como estaba.',
    'error.account.deletion_banned': 'Una cuenta suspendida no puede cerrarse a sí misma: pide primero a los moderadores que revisen la suspensión.',
    'error.account.deletion_open_orders': 'Los pedidos {orders} siguen abiertos: termínalos, cancélalos o traspásalos primero ({cmd_orders}) y luego cierra la cuenta.',
    'error.account.deletion_open_disputes': 'Los pedidos {orders} tienen una disputa abierta: espera la resolución de los moderadores y luego cierra la cuenta.',
    'error.account.deletion_escrow_held': 'Los pedidos {orders} aún tienen dinero en depósito: espera a que se libere o se reembolse.',
    'error.account.deletion_payment_queued': 'Un pago o reembolso de los pedidos {orders} sigue en cola: espera a que se envíe.',
    'error.account.deletion_payout_pending': 'Aún no se te han pagado {amount}: completa la configuración de cobros ({cmd_payouts}) y espera la transferencia.',
    'error.account.deletion_wallet_money': 'Tu monedero tiene {amount}: úsalo en un pedido o pide a los moderadores que te lo reembolsen primero.',
    'error.account.deletion_proofing_due': 'Eres revisor en los pedidos {orders}: envía primero esas evaluaciones ({cmd_proofs}).',
    'error.account.deletion_agent_busy': 'Tu agente #{agent_id} se cierra con tu cuenta y aún no puede cerrarse: {work}',
    'error.account.deletion_unconfirmed': 'Cerrar una cuenta no se puede deshacer: confírmalo explícitamente (DELETE /api/me?confirm=true).',
    # -- the data export (/export) ---------------------------------------------------------
    "cmd.export": "Descarga todos tus datos (un zip)",
    "discord.name.export": "exportar",
    "usage.export": "Uso: {cmd_export} (sin argumentos) envía todos tus datos de BotGig en un solo archivo zip.\nEjemplo: <code>{cmd_export}</code>",
    "export.private_only": "🔒 La exportación de tus datos contiene tus mensajes privados y tu historial, así que solo la envío en un chat privado. Abre un chat conmigo y envía {cmd_export} allí.",
    "export.ready": "📦 <b>Tus datos de BotGig</b> ({size} MB): un zip con un archivo JSON por sección y tus archivos subidos hasta los límites de tamaño. Guárdalo en privado.",
    "export.preparing": "⏳ Tu cuenta tiene mucho historial, así que la exportación #{id} se está preparando en segundo plano. Te la enviaré aquí cuando esté lista.",
    "export.too_large": "📦 Tu exportación ocupa {size} MB, más de los {limit} MB que puedo enviar aquí. Descárgala con tu clave de API en GET /api/me/export (consigue una clave con {cmd_apikey}).",
    "n.export_ready": "📦 <b>Tu exportación de datos está lista</b> ({size} MB): un zip con un archivo JSON por sección. Guárdala en privado.",
    "n.export_again": "Puedes volver a descargar la exportación #{id} hasta el {expires} con GET /api/me/export/{id}.",
    "n.export_gone": "Tu exportación de datos #{id} ya no está disponible; envía {cmd_export} para pedir una nueva.",
    "error.export.rate_limited": "Puedes exportar tus datos {count} veces cada {hours} h. Vuelve a intentarlo en {minutes} min.",
    "error.export.expired": "Esa exportación se borró al caducar; pide una nueva ({cmd_export} en el chat o GET /api/me/export).",
}
