import { redirect } from '@sveltejs/kit'
import type { User, CalendarFeedCreated, CalendarFeedState } from '@agora/server/contract'
import { apiCall, problemType } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField, secretField, checkNewPassword } from '$lib/server/forms'
import { explainFailure, problemMessage, type FieldErrors } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { rememberLanguage } from '$lib/server/language'
import { signOut } from '$lib/server/session'
import type { Actions, PageServerLoad } from './$types'

// UTC first (the default for new accounts, and not in Intl's list of zones), then every IANA zone.
const timeZones = ['UTC', ...Intl.supportedValuesOf('timeZone')]

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const { url } = event
  // The calendar feed is a side panel: the profile still opens when its state cannot be read.
  const feed = await apiCall<CalendarFeedState>(event.fetch, 'GET', '/me/calendar-feed')
  return {
    profile: user,
    calendarFeed: feed.ok ? feed.data : null,
    timeZones: timeZones.includes(user.timeZone) ? timeZones : [user.timeZone, ...timeZones],
    welcome: url.searchParams.has('welcome'),
    saved: url.searchParams.has('saved'),
  }
}

const passwordFields = { password: 'newPassword', confirmation: 'newPasswordConfirmation' }

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData()
    const values = {
      name: textField(form, 'name'),
      position: textField(form, 'position'),
      preferredLanguage: textField(form, 'preferredLanguage'),
      timeZone: textField(form, 'timeZone'),
    }
    if (!values.name)
      return formFailure(400, { form: 'save', errors: { name: m.form_name_required() }, values })

    const body = { ...values, position: values.position || null }
    const result = await apiCall<User>(event.fetch, 'PATCH', '/me', body)
    if (!result.ok) {
      const fields = Object.fromEntries(Object.keys(values).map((field) => [field, field]))
      return formFailure(result.status, { form: 'save', ...explainFailure(result, fields), values })
    }
    event.locals.user = result.data
    rememberLanguage(event.cookies, result.data.preferredLanguage, event.url.protocol === 'https:')
    redirect(303, '/profile?saved=1')
  },

  password: async ({ request, fetch }) => {
    const form = await request.formData()
    const currentPassword = secretField(form, 'currentPassword')
    const newPassword = secretField(form, passwordFields.password)
    const errors: FieldErrors = {}
    if (!currentPassword) errors.currentPassword = m.profile_current_password_required()
    checkNewPassword(
      errors,
      passwordFields,
      newPassword,
      secretField(form, passwordFields.confirmation),
    )
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'password', errors })

    const result = await apiCall(fetch, 'PUT', '/me/password', { currentPassword, newPassword })
    if (result.ok) return { form: 'password', passwordChanged: true }
    if (problemType(result.problem) === 'invalid-credentials') {
      const errors = { currentPassword: m.profile_current_password_wrong() }
      return formFailure(400, { form: 'password', errors })
    }
    const fields = { currentPassword: 'currentPassword', newPassword: passwordFields.password }
    return formFailure(result.status, { form: 'password', ...explainFailure(result, fields) })
  },

  // A new secret address for the calendar feed (the old one stops working); shown only now.
  calendarFeed: async (event) => {
    requireUser(event)
    const result = await apiCall<CalendarFeedCreated>(event.fetch, 'POST', '/me/calendar-feed')
    if (!result.ok)
      return formFailure(result.status, { form: 'calendarFeed', message: problemMessage(result) })
    return { form: 'calendarFeed', feedUrl: result.data.url }
  },

  revokeCalendarFeed: async (event) => {
    requireUser(event)
    const result = await apiCall(event.fetch, 'DELETE', '/me/calendar-feed')
    if (!result.ok)
      return formFailure(result.status, { form: 'calendarFeed', message: problemMessage(result) })
    return { form: 'calendarFeed', feedRevoked: true }
  },

  logoutEverywhere: async (event) => {
    await apiCall(event.fetch, 'POST', '/auth/logout-everywhere').catch(() => null)
    signOut(event)
    redirect(303, '/login')
  },
}
