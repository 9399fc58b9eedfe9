// Adds wagtail_disclosure.contrib.wagtail_zh_hans's djangojs entries (emitted as JSON by its
// wagtail_hooks.py) to the catalogue that Django's jsi18n script set up for the Wagtail admin.
// Only msgids the catalogue lacks are added: Wagtail's own translations always win.
(function () {
  'use strict';
  var element = document.getElementById('wagtail-zh-hans-js-catalog');
  var django = window.django;
  if (!element || !django) {
    return;
  }
  var extra = JSON.parse(element.textContent);
  django.catalog = django.catalog || {};
  Object.keys(extra).forEach(function (msgid) {
    if (!Object.prototype.hasOwnProperty.call(django.catalog, msgid)) {
      django.catalog[msgid] = extra[msgid];
    }
  });
})();
