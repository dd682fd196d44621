/* One helper for the lists that show only some of their options (the product form's
   sub-groups, the onboarding distributor filter). The others are taken out of the list, not
   hidden: some phone browsers show hidden options. */
window.ocopKeepOptions = function (select, all, keep) {
  "use strict";
  // all: every option, in order, taken once at start; keep(option): whether it stays.
  // Returns the first kept option that has a value (null: none); the choice is kept if it stays.
  var current = select.value, first = null;
  all.forEach(function (option) {
    if (keep(option)) {
      select.appendChild(option);  // back in its original order
      if (option.value && first === null) first = option;
    } else if (option.parentNode) {
      option.parentNode.removeChild(option);
    }
  });
  select.value = current;
  return first;
};
