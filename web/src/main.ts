import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { router } from './lib/state/router.svelte';
import { session } from './lib/state/session.svelte';

router.start();
void session.load();

mount(App, { target: document.getElementById('app')! });
